using System.CommandLine;
using MedPeft.Models.BuiltIn;
using MedPeft.Recipes;

namespace MedPeft.Cli;

/// <summary><c>medpeft pretrain</c>: builds the built-in base model explicitly, with its own recipe.</summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var defaults = new BaseModelRecipe();
        var output = new Option<string?>("--out") { Description = "Where to write the model folder (default: the per-user cache, where --model medpeft-base finds it)." };
        var imageSize = new Option<int>("--image-size") { Description = "Image size of the model (a multiple of 32).", DefaultValueFactory = _ => defaults.ImageSize }.Sets(BaseModelRecipe.Name(nameof(BaseModelRecipe.ImageSize)));
        var images = new Option<int>("--images") { Description = "Synthetic images of the pretraining set (their own seed: never a comparison's images).", DefaultValueFactory = _ => defaults.PretrainImages }.Sets(BaseModelRecipe.Name(nameof(BaseModelRecipe.PretrainImages)));
        var reportSteps = new Option<long>("--report-steps") { Description = "Optimizer steps of the report-generation phase (0: skip it).", DefaultValueFactory = _ => defaults.ReportSteps }.Sets(BaseModelRecipe.Name(nameof(BaseModelRecipe.ReportSteps)));
        var vqaSteps = new Option<long>("--vqa-steps") { Description = "Optimizer steps of the question-answering phase that follows (0: skip it; both 0: assemble only).", DefaultValueFactory = _ => defaults.VqaSteps }.Sets(BaseModelRecipe.Name(nameof(BaseModelRecipe.VqaSteps)));
        var batchSize = new Option<int>("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => defaults.BatchSize }.Sets(BaseModelRecipe.Name(nameof(BaseModelRecipe.BatchSize)));
        var learningRate = new Option<double>("--lr") { Description = "Peak learning rate of each phase (AdamW, warmup then cosine).", DefaultValueFactory = _ => defaults.LearningRate }.Sets(BaseModelRecipe.Name(nameof(BaseModelRecipe.LearningRate)));
        var warmupRatio = new Option<double>("--warmup-ratio") { Description = "Share of each phase's steps with linear warmup.", DefaultValueFactory = _ => defaults.WarmupRatio }.Sets(BaseModelRecipe.Name(nameof(BaseModelRecipe.WarmupRatio)));
        var seed = new Option<int>("--seed") { Description = "Seed of new weights, data and order.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("pretrain",
            $"Build the built-in base model {BaseModel.Name}: ML.NET's pretrained ResNet18 as image encoder and\n" +
            "all-MiniLM-L6-v2 as text encoder and answer decoder in the BLIP layout, then a short vision-language\n" +
            "pretraining stage on synthetic images of its own seed: report generation, then question answering.\n" +
            "'compare' and '--model medpeft-base' build it on first use with the default recipe; this command builds it\n" +
            "explicitly or with another recipe.\n\n" +
            "Example:\n  medpeft pretrain --vqa-steps 800 --out models/medpeft-base-800")
        {
            output, imageSize, images, reportSteps, vqaSteps, batchSize, learningRate, warmupRatio, seed,
        };
        command.SetAction(parse =>
        {
            var recipe = new BaseModelRecipe(parse.GetValue(imageSize), parse.GetValue(images), parse.GetValue(reportSteps), parse.GetValue(vqaSteps),
                parse.GetValue(batchSize), parse.GetValue(learningRate), parse.GetValue(warmupRatio), parse.GetValue(seed));
            recipe.Validate();
            var target = parse.GetValue(output) ?? BaseModel.Folder(recipe);
            BaseModelBuilder.Build(recipe, target, parse.InvocationConfiguration.Output);
            return ExitCodes.Success;
        });
        return command;
    }
}
