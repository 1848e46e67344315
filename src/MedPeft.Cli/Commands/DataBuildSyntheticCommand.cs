using System.CommandLine;
using System.Diagnostics;
using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Cli;

/// <summary><c>medpeft data build-synthetic</c>: generates the <c>builtin-synthetic</c> Med-VQA and report set.</summary>
internal static class DataBuildSyntheticCommand
{
    public static Command Create()
    {
        var defaults = new SyntheticOptions();
        var output = new Option<string>("--out") { Description = "Folder to write the dataset to (created; a built-in dataset already there is replaced).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Random seed: the same seed and options give the same files.", DefaultValueFactory = _ => defaults.Seed };
        var images = new Option<int>("--images") { Description = "Number of images (70% train, 10% validation, 20% test).", DefaultValueFactory = _ => defaults.Images }.Sets(SyntheticOptions.Name(nameof(SyntheticOptions.Images)));
        var imageSize = new Option<int>("--image-size") { Description = "Width and height of the images in pixels.", DefaultValueFactory = _ => defaults.ImageSize }.Sets(SyntheticOptions.Name(nameof(SyntheticOptions.ImageSize)));
        var questions = new Option<int>("--questions-per-image") { Description = "Average number of questions per image.", DefaultValueFactory = _ => defaults.QuestionsPerImage }.Sets(SyntheticOptions.Name(nameof(SyntheticOptions.QuestionsPerImage)));
        var command = new Command("build-synthetic",
            "Generate builtin-synthetic: CT, MRI and x-ray phantoms with lesions of known place, size, count and shape, " +
            "SLAKE-like questions and short reports, all computed from the generator's ground truth.\n" +
            "Example: medpeft data build-synthetic --out data/builtin-synthetic --images 300")
        {
            output, seed, images, imageSize, questions,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var options = new SyntheticOptions(parse.GetValue(seed), parse.GetValue(images), parse.GetValue(questions), parse.GetValue(imageSize));
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var clock = Stopwatch.StartNew();
            var build = SyntheticDatasetBuilder.Build(directory, options);
            BuiltInSummary.Print(writer, directory, build, clock.Elapsed);
            return ExitCodes.Success;
        });
        return command;
    }
}
