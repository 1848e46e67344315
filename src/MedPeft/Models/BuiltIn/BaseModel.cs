using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.Data.Datasets;
using MedPeft.IO;
using MedPeft.Peft;
using MedPeft.Training;

namespace MedPeft.Models.BuiltIn;

/// <summary>
/// How the built-in base model is made: its image size, and the vision–language pretraining stage on
/// a synthetic set of its own seed (so no image of a comparison's data is seen): report generation,
/// then visual question answering. The cache folder is keyed by a hash of the recipe.
/// </summary>
public sealed record BaseModelRecipe(int ImageSize = 128, int PretrainImages = 600, long ReportSteps = 30, long VqaSteps = 400, int BatchSize = 16,
    double LearningRate = 1e-4, double WarmupRatio = 0.1, int Seed = 42, int Version = 2)
{
    /// <summary>The synthetic generator's version: its images are part of the recipe (a new generator means a new model).</summary>
    public int DataVersion => SyntheticDatasetBuilder.GeneratorVersion;

    /// <summary>What the pretraining stage trains: the text encoder and the decoder (the CNN stays as ImageNet trained it).</summary>
    public const string PretrainPlan = "full@text-encoder:decoder";

    /// <summary>The pretraining images' seed: their own, never a comparison's. A method, derived from <see cref="Seed"/>:
    /// the cache key serializes the properties, and a derived value there would change the key without changing the recipe.</summary>
    public int PretrainDataSeed() => Seed + 1000;

    /// <summary>What the model was pretrained on, for reports: a comparison's data must differ from it.</summary>
    public string PretrainingDescription() =>
        $"{BaseModel.Name}: ImageNet ResNet18 + all-MiniLM-L6-v2, then pretrained by MedPeft on builtin-synthetic " +
        $"({PretrainImages} procedural phantoms of seed {PretrainDataSeed()}, {ImageSize} px; other images and another generator than builtin-real): " +
        $"{ReportSteps} steps of report generation, then {VqaSteps} steps of question answering ({PretrainPlan}, lr {LearningRate:0.#####})";

    public string CacheKey() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this))))[..12].ToLowerInvariant();

    public void Validate()
    {
        if (ImageSize < 64 || ImageSize % 32 != 0) throw new MedPeftException($"--image-size must be a multiple of 32 of at least 64 (got {ImageSize}).");
        if (PretrainImages < 10) throw new MedPeftException($"--images must be at least 10 (got {PretrainImages}).");
        if (ReportSteps < 0) throw new MedPeftException($"--report-steps must not be negative (got {ReportSteps}).");
        if (VqaSteps < 0) throw new MedPeftException($"--vqa-steps must not be negative (got {VqaSteps}).");
        if (BatchSize < 1) throw new MedPeftException($"--batch-size must be at least 1 (got {BatchSize}).");
        if (!(LearningRate > 0)) throw new MedPeftException($"--lr must be positive (got {LearningRate}).");
        if (!(WarmupRatio >= 0 && WarmupRatio < 1)) throw new MedPeftException($"--warmup-ratio must be in [0, 1) (got {WarmupRatio}).");
    }
}

/// <summary>
/// The built-in base model, <c>medpeft-base</c>: a BLIP-family Med-VLM assembled from real pretrained
/// weights (<see cref="BaseModelAssembly"/>) and adapted by a short vision–language pretraining stage
/// (report generation). Built on first use and cached per user; later runs start at once.
/// </summary>
public static class BaseModel
{
    public const string Name = "medpeft-base";
    const string RecipeFile = "recipe.json";

    public static string Folder(BaseModelRecipe recipe) => MedPeftCache.Folder("models", $"{Name}-{recipe.CacheKey()}");

    /// <summary>The cached model folder, built now (writing progress to <paramref name="log"/>) if it is not there.</summary>
    public static string Ensure(BaseModelRecipe recipe, TextWriter log)
    {
        var folder = Folder(recipe);
        if (File.Exists(Path.Combine(folder, RecipeFile))) return folder;
        Build(recipe, folder, log);
        return folder;
    }

    /// <summary>Assembles and pretrains the model into <paramref name="outDirectory"/> (created whole or not at all).</summary>
    public static void Build(BaseModelRecipe recipe, string outDirectory, TextWriter log)
    {
        recipe.Validate();
        AtomicDirectory.EnsureAvailable(outDirectory);
        var stage = Directory.CreateTempSubdirectory("medpeft-base-").FullName;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var model = Path.Combine(stage, "initial");
            log.WriteLine($"building the base model {Name}: ResNet18 (ML.NET) + all-MiniLM-L6-v2 (SentenceTransformers), images {recipe.ImageSize} px");
            BaseModelAssembly.Write(model, recipe.ImageSize, recipe.Seed);
            var data = Path.Combine(stage, "pretrain-data");
            BuiltInDatasets.EnsureSynthetic(data, new SyntheticOptions(Seed: recipe.PretrainDataSeed(), Images: recipe.PretrainImages, ImageSize: recipe.ImageSize));
            model = Pretrain(recipe, model, data, DatasetTask.Report, recipe.ReportSteps, Path.Combine(stage, "report"), log);
            model = Pretrain(recipe, model, data, DatasetTask.Vqa, recipe.VqaSteps, Path.Combine(stage, "vqa"), log);
            File.WriteAllText(Path.Combine(model, RecipeFile), JsonSerializer.Serialize(recipe, new JsonSerializerOptions { WriteIndented = true }));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outDirectory))!);
            if (Directory.Exists(outDirectory)) Directory.Delete(outDirectory);
            Directory.Move(model, outDirectory);
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
        Directory.CreateDirectory(run);
        var spec = new RunSpec(modelFolder, data, "builtin-synthetic", task, BaseModelRecipe.PretrainPlan, null, new PeftOptions(),
            new TrainingOptions
            {
                MaxSteps = steps, BatchSize = recipe.BatchSize, LearningRate = recipe.LearningRate, WarmupRatio = recipe.WarmupRatio,
                Augment = false, Seed = recipe.Seed, EvalEvery = steps, SaveEvery = steps, LogEvery = 25,
            });
        spec.Save(run);
        new Trainer(spec, run, log).Run(resume: false);
        using var model = HfModelLoader.Load(modelFolder);
        AdapterMerge.MergeAndUnload(AdapterFiles.Load(model, Path.Combine(run, "checkpoints", CheckpointStore.Last)));
        var merged = Path.Combine(phaseFolder, "model");
        AdapterMerge.WriteCheckpoint(model, File.ReadAllText(Path.Combine(modelFolder, HfModelLoader.ConfigFile)), merged, modelFolder);
        return merged;
    }
}
