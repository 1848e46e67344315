using System.Text.Json;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.Data.Datasets;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.BuiltIn;
using MedPeft.Peft;
using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Recipes;

/// <summary>
/// Builds the built-in base model, <see cref="BaseModel"/>: assembles it from real pretrained weights
/// (<see cref="BaseModelAssembly"/>), then pretrains it on a synthetic set of its own seed (so no image
/// of a comparison's data is seen): report generation, then visual question answering.
/// </summary>
internal static class BaseModelBuilder
{
    /// <summary>
    /// The cached model folder, built now (writing progress to <paramref name="log"/>) if it is not there. Processes
    /// that need it at once build it once: the others wait on its lock (<see cref="FolderLock"/>) and take the
    /// finished folder. What a killed build left (an incomplete folder, its lock file) is removed first.
    /// </summary>
    public static string Ensure(BaseModelRecipe recipe, TextWriter log)
    {
        var folder = BaseModel.Folder(recipe);
        if (BaseModel.IsBuilt(recipe)) return folder;
        FolderLock.Ensure(folder, () => BaseModel.IsBuilt(recipe), () =>
        {
            if (Directory.Exists(folder))
            {
                log.WriteLine($"removing {folder}: an incomplete base model (no {BaseModel.RecipeFile}) that an interrupted build left");
                Directory.Delete(folder, recursive: true);
            }
            Build(recipe, folder, log);
        }, log, $"building the base model {BaseModel.Name}");
        return folder;
    }

    /// <summary>
    /// Assembles and pretrains the model into <paramref name="outDirectory"/> (created whole or not at all), working
    /// in a temporary folder (<c>medpeft-base-&lt;pid&gt;@&lt;host&gt;.&lt;id&gt;</c>; those killed builds left are removed).
    /// </summary>
    public static void Build(BaseModelRecipe recipe, string outDirectory, TextWriter log)
    {
        recipe.Validate();
        AtomicDirectory.EnsureAvailable(outDirectory);
        var stage = Leftovers.CreateTemporaryFolder("medpeft-base-");
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var model = Path.Combine(stage, "initial");
            log.WriteLine($"building the base model {BaseModel.Name}: ResNet18 (ML.NET) + all-MiniLM-L6-v2 (SentenceTransformers), images {recipe.ImageSize} px");
            BaseModelAssembly.Write(model, recipe.ImageSize, recipe.Seed);
            var data = Path.Combine(stage, "pretrain-data");
            BuiltInDatasets.EnsureSynthetic(data, new SyntheticOptions(Seed: recipe.PretrainDataSeed(), Images: recipe.PretrainImages, ImageSize: recipe.ImageSize), log);
            model = Pretrain(recipe, model, data, DatasetTask.Report, recipe.ReportSteps, Path.Combine(stage, "report"), log);
            model = Pretrain(recipe, model, data, DatasetTask.Vqa, recipe.VqaSteps, Path.Combine(stage, "vqa"), log);
            // Into a folder beside the destination, renamed into place: the stage may be on another file system.
            AtomicDirectory.Create(outDirectory, folder =>
            {
                foreach (var file in Directory.GetFiles(model)) File.Move(file, Path.Combine(folder, Path.GetFileName(file)));
                File.WriteAllText(Path.Combine(folder, BaseModel.RecipeFile), JsonSerializer.Serialize(recipe, new JsonSerializerOptions { WriteIndented = true }));
            }, $"the base model {BaseModel.Name}");
            log.WriteLine($"base model ready in {clock.Elapsed.TotalSeconds:0} s: {outDirectory}");
        }
        finally
        {
            Directory.Delete(stage, recursive: true);
        }
    }

    /// <summary>
    /// One pretraining phase: trains <see cref="BaseModelRecipe.PretrainPlan"/> on <paramref name="task"/> for
    /// <paramref name="steps"/> steps and returns the folder of the merged model (the input folder when there are no steps).
    /// </summary>
    static string Pretrain(BaseModelRecipe recipe, string modelFolder, string data, DatasetTask task, long steps, string phaseFolder, TextWriter log)
    {
        if (steps == 0) return modelFolder;
        log.WriteLine($"vision-language pretraining, {task.Name()}: {steps} steps on {recipe.PretrainImages} synthetic images ({BaseModelRecipe.PretrainPlan})");
        var run = Path.Combine(phaseFolder, "run");
        var spec = new RunSpec(modelFolder, data, "builtin-synthetic", task, BaseModelRecipe.PretrainPlan, null, new PeftOptions(),
            new TrainingOptions
            {
                MaxSteps = steps, BatchSize = recipe.BatchSize, LearningRate = recipe.LearningRate, WarmupRatio = recipe.WarmupRatio,
                Augment = false, Seed = recipe.Seed, EvalEvery = steps, SaveEvery = steps, LogEvery = 25,
            });
        TrainingRun.Run(spec, run, resume: false, log);
        using var model = HfModelLoader.Load(modelFolder);
        AdapterMerge.MergeAndUnload(AdapterFiles.Load(model, Path.Combine(run, "checkpoints", CheckpointStore.Last)));
        var merged = Path.Combine(phaseFolder, "model");
        AdapterMerge.WriteCheckpoint(model, File.ReadAllText(Path.Combine(modelFolder, HfModelLoader.ConfigFile)), merged, modelFolder);
        return merged;
    }
}
