using MedPeft.Data.Datasets;
using MedPeft.Models;
using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Runs;

/// <summary>
/// The composition root: turns a run description — model, data, method plan or adapter, task, seed,
/// device — into the loaded pieces, the same way for training, evaluation, prediction, the comparison
/// and the benchmarks. A model name is resolved here (a folder, <c>medpeft-base</c> once it is built,
/// or a built-in configuration); nothing is trained or downloaded on the way.
/// </summary>
internal static class RunLoader
{
    /// <summary>
    /// What a training run needs, in the order that makes a seeded run reproducible: the data, then the
    /// seed, then the model and the plan's new weights, then the task model.
    /// </summary>
    public static LoadedRun ForTraining(RunSpec spec)
    {
        var data = DatasetFormats.Read(spec.Format, spec.Data, spec.DatasetOptions);
        torch.manual_seed(spec.Training.Seed);
        var model = Model(spec.Model, spec.Device, spec.Training.Precision);
        var peft = PeftModel.Apply(model, spec.Plan, spec.Peft);
        return new LoadedRun(data, model, peft, Task(model, spec.Model, spec.Task, spec.Training.Seed, spec.Training.Augment, spec.Template));
    }

    /// <summary>What an evaluation needs: the data, the model with its adapter (if any) in evaluation mode, the task model.</summary>
    public static LoadedRun ForEvaluation(EvaluationSpec spec)
    {
        var data = DatasetFormats.Read(spec.Format, spec.Data, new DatasetOptions(spec.Task, spec.QuestionLanguage, Seed: spec.Seed));
        var model = Model(spec.Model, spec.Device, spec.Precision);
        var peft = spec.Adapter is null ? null : AdapterFiles.Load(model, spec.Adapter);
        model.Module.eval();
        return new LoadedRun(data, model, peft, Task(model, spec.Model, spec.Task, spec.Seed, augment: false, spec.Template));
    }

    /// <summary>
    /// What a server answers with: the model (with the adapter in <paramref name="adapter"/>, if any) in evaluation mode,
    /// put to both tasks with its folder's tokenizer and preprocessing, as <see cref="ForEvaluation"/> puts it.
    /// </summary>
    public static ServedModel ForServing(string modelName, string? adapter, string? template, string device = "cpu", Precision precision = Precision.Fp32)
    {
        var model = Model(modelName, device, precision);
        try
        {
            var peft = adapter is null ? null : AdapterFiles.Load(model, adapter);
            model.Module.eval();
            return new ServedModel(model, peft, Task(model, modelName, DatasetTask.Vqa, 42, augment: false, template),
                Task(model, modelName, DatasetTask.Report, 42, augment: false, template));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A model by name or folder on <paramref name="device"/> (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>), in float32 or with
    /// its linear layers' weights in bfloat16 (<paramref name="precision"/>).
    /// </summary>
    public static IHfModel Model(string model, string device = "cpu", Precision precision = Precision.Fp32) =>
        ModelSource.Load(model, new ModelLoadOptions(DeviceSetting.Parse(device), ScalarType.Float32, precision));

    /// <summary>The model put to a task with the tokenizer and preprocessing of its folder.</summary>
    static ITaskModel Task(IHfModel model, string modelName, DatasetTask task, int seed, bool augment, string? template) =>
        TaskModelFactory.Create(model, ModelSource.FolderOf(modelName), task, seed, augment, template);
}
