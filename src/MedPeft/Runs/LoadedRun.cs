using MedPeft.Data.Datasets;
using MedPeft.Models;
using MedPeft.Peft;
using MedPeft.Tasks;

namespace MedPeft.Runs;

/// <summary>
/// The pieces of a run once loaded: the dataset, the model, the PEFT method applied to it (null when
/// the model is evaluated as it is), and the model put to the task. Disposing it frees the model.
/// </summary>
internal sealed class LoadedRun(DatasetIndex data, IHfModel model, PeftModel? peft, ITaskModel task) : IDisposable
{
    public DatasetIndex Data { get; } = data;
    public IHfModel Model { get; } = model;
    public PeftModel? Peft { get; } = peft;
    public ITaskModel Task { get; } = task;

    public void Dispose() => Model.Dispose();
}
