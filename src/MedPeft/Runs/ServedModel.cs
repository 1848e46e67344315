using MedPeft.Data.Datasets;
using MedPeft.Models;
using MedPeft.Peft;
using MedPeft.Tasks;

namespace MedPeft.Runs;

/// <summary>A model (with an adapter applied, or none) put to both tasks, for answering requests. Disposing it frees the model.</summary>
internal sealed class ServedModel(IHfModel model, PeftModel? peft, ITaskModel vqa, ITaskModel report) : IDisposable
{
    public IHfModel Model { get; } = model;
    public PeftModel? Peft { get; } = peft;

    /// <summary>The model put to <paramref name="task"/>.</summary>
    public ITaskModel For(DatasetTask task) => task == DatasetTask.Report ? report : vqa;

    public void Dispose() => Model.Dispose();
}
