using System.Text.Json.Nodes;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.IO;
using MedPeft.Tests.Training;
using SkiaSharp;

namespace MedPeft.Tests.Cli;

/// <summary>
/// <c>medpeft compare</c> end to end on a tiny model (each method trains in a child <c>medpeft train</c>),
/// and the bad command lines it refuses before any work.
/// </summary>
/// <remarks>
/// The child processes need nothing set up: the test project references the CLI project, so the build copies
/// <c>medpeft.dll</c> with its <c>medpeft.runtimeconfig.json</c> and <c>medpeft.deps.json</c> into the test
/// output folder, and ToolProcess, seeing that the test host is not the tool's own executable, starts
/// <c>dotnet exec medpeft.dll</c> from there.
/// </remarks>
public sealed class CompareCommandTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Rows of one split file of the fixture's builtin-synthetic set, read as plain JSON (not through the dataset readers).</summary>
    IReadOnlyList<JsonObject> Split(string name) =>
        File.ReadLines(Path.Combine(fixture.Data, $"{name}.jsonl")).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    string[] Compare(params string[] more) =>
        ["compare", "--model", fixture.Blip, "--data", fixture.Data, "--format", "builtin-synthetic", .. more];

    [Fact]
    public void SeveralSeedsAndAFurtherTestSetGiveMeansIntervalsPairedDifferencesAndAnOutOfDistributionColumn()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("results");
        // Another generator seed: other phantoms and questions, never trained on.
        var other = folder.File("other-phantoms");
        BuiltInDatasets.EnsureSynthetic(other, new SyntheticOptions(Seed: 11, Images: 10, QuestionsPerImage: 3, ImageSize: 64));

        var result = CliRunner.Run(Compare("--methods", "ln,lora", "--steps", "5", "--seeds", "2", "--eval-on", $"builtin-synthetic:{other}", "--out", output));

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "results.json")))!;
        Assert.Equal([42, 43], json["seeds"]!.AsArray().Select(s => s!.GetValue<int>()));
        var rows = json["rows"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => r["name"]!.GetValue<string>());
        foreach (var method in new[] { "ln", "lora" })
        {
            var row = rows[method];
            var perSeed = row["seeds"]!.AsArray().Select(s => s!["scores"]!["overall_accuracy"]!.GetValue<double>()).ToList();
            Assert.Equal([42, 43], row["seeds"]!.AsArray().Select(s => s!["seed"]!.GetValue<int>()));
            Assert.True(Directory.Exists(Path.Combine(output, "runs", method, "seed-43", "test")));
            var interval = row["intervals"]!["overall_accuracy"]!;
            double mean = perSeed.Average(), std = Math.Sqrt(perSeed.Sum(v => (v - mean) * (v - mean)) / (perSeed.Count - 1));
            Assert.Equal(mean, row["scores"]!["overall_accuracy"]!.GetValue<double>(), 12);
            Assert.Equal(mean, interval["mean"]!.GetValue<double>(), 12);
            Assert.Equal(std, interval["std"]!.GetValue<double>(), 12);
            var ci = interval["ci95"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
            Assert.True(ci[0] <= ci[1] && ci[0] >= 0 && ci[1] <= 1, $"{method}: {ci[0]}..{ci[1]}");
            // The further set: each seed's score is the one its own evaluation folder holds, the row's is their mean.
            var outOfDistribution = new[] { 42, 43 }.Select(seed => ScoresIn(Path.Combine(output, "runs", method, $"seed-{seed}", "test-other-phantoms"))).ToList();
            Assert.Equal(outOfDistribution.Average(), row["scores"]!["overall_accuracy@other-phantoms"]!.GetValue<double>(), 12);
            Assert.NotNull(row["intervals"]!["overall_accuracy@other-phantoms"]);
        }
        // lora − ln, paired: its mean is the difference of the two means; the zero-shot row has one seed and no std.
        var difference = rows["lora"]["differences"]!["ln"]!["overall_accuracy"]!;
        Assert.Equal(rows["lora"]["scores"]!["overall_accuracy"]!.GetValue<double>() - rows["ln"]["scores"]!["overall_accuracy"]!.GetValue<double>(),
            difference["mean"]!.GetValue<double>(), 12);
        Assert.Null(rows["zero-shot"]["intervals"]!["overall_accuracy"]!["std"]);
        Assert.Equal(1000, json["bootstrap"]!["resamples"]!.GetValue<int>());

        // The zero-shot model was scored on every test question of the further set; the majority row answers it from the training answers.
        var otherTest = File.ReadLines(Path.Combine(other, "test.jsonl")).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var zeroShotOther = Path.Combine(output, "runs", "zero-shot", "test-other-phantoms");
        Assert.Equal(otherTest.Select(r => r["id"]!.GetValue<string>()),
            File.ReadLines(Path.Combine(zeroShotOther, "predictions.jsonl")).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()));
        Assert.Equal(ScoresIn(zeroShotOther), rows["zero-shot"]["scores"]!["overall_accuracy@other-phantoms"]!.GetValue<double>(), 12);
        Assert.Equal(HandMajorityClosedAccuracy(otherTest), rows["majority"]["scores"]!["closed_accuracy@other-phantoms"]!.GetValue<double>(), 12);
        // Nothing trained on it: every run's description names the training set only.
        foreach (var method in new[] { "ln", "lora" })
            Assert.Equal(fixture.Data, JsonNode.Parse(File.ReadAllText(Path.Combine(output, "runs", method, "seed-42", "run.json")))!["data"]!.GetValue<string>());

        var markdown = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("seeds 42, 43", markdown);
        Assert.Contains("± is the standard deviation over the 2 seeds", markdown);
        Assert.Contains("| overall % (other-phantoms) |", markdown);
        Assert.Contains($"**further test sets:** other-phantoms: {other} (builtin-synthetic), scored without training on it", markdown);
        using var plot = SKBitmap.Decode(File.ReadAllBytes(Path.Combine(output, "in_vs_out_of_distribution.png")));
        Assert.True(plot is { Width: 900, Height: 560 });
    }

    static double ScoresIn(string testFolder) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(testFolder, "scores.json")))!["overall_accuracy"]!.GetValue<double>();

    [Fact]
    public void GradientCheckpointingIsForwardedToEveryChildRun()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("results");

        var result = CliRunner.Run(Compare("--methods", "ln,prefix", "--steps", "1", "--grad-checkpointing", "--out", output));

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        foreach (var method in new[] { "ln", "prefix" })
        {
            var run = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "runs", method, "run.json")))!;
            Assert.True(run["training"]!["gradient_checkpointing"]!.GetValue<bool>(), method);
        }
        // Each child train says so in the settings it prints (copied into the comparison's output), and the report notes it.
        Assert.Equal(2, result.Output.Split(", gradient checkpointing").Length - 1);
        Assert.Contains("(gradient checkpointing)", File.ReadAllText(Path.Combine(output, "results.md")));
    }

    [Fact]
    public void TinyComparisonWritesEveryFileWithIndependentlyCheckedRows()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("results");

        var result = CliRunner.Run(Compare("--methods", "ln,lora", "--steps", "3", "--out", output));

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        string[] files = ["cost.png", "report.html", "results.csv", "results.json", "results.md", "score_vs_trainable_params.png", "validation_curves.png"];
        Assert.Equal(files, Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var png in files.Where(f => f.EndsWith(".png")))
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, png));
            Assert.Equal(PngSignature, bytes.Take(8));
            using var bitmap = SKBitmap.Decode(bytes);
            Assert.True(bitmap is { Width: > 0, Height: > 0 }, $"{png} does not decode");
        }

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "results.json")))!;
        var rows = json["rows"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => r["name"]!.GetValue<string>());
        Assert.Equal(["zero-shot", "majority", "ln", "lora"], json["rows"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));

        // The steps actually trained: the budget and both method rows say 3.
        Assert.Equal(3, json["budget"]!["steps"]!.GetValue<long>());
        Assert.Equal(3, json["budget"]!["eval_every"]!.GetValue<long>());
        Assert.Equal(3, rows["ln"]["steps"]!.GetValue<long>());
        Assert.Equal(3, rows["lora"]["steps"]!.GetValue<long>());
        var markdown = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("**budget:** quick: 3 optimizer steps of batch 16 per method, validation every 3 steps", markdown);
        Assert.Contains("3 optimizer steps per method replaced the quick budget's", markdown);
        Assert.Contains("Test predictions (predictions.jsonl) and scores (scores.json), as medpeft eval writes them: runs/zero-shot/test, runs/ln/test, runs/lora/test.", markdown);

        Assert.Equal(NormParameters(fixture.Blip), rows["ln"]["trainable_parameters"]!.GetValue<long>());
        Assert.Equal(HandMajorityClosedAccuracy(), rows["majority"]["scores"]!["closed_accuracy"]!.GetValue<double>(), 12);

        // The printed output ends with the table (header, rule, one line per row) and the verdict line.
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Equal(json["verdict"]!["line"]!.GetValue<string>(), lines[^1]);
        Assert.Equal(["zero-shot", "majority", "ln", "lora"], lines[^5..^1].Select(l => l.Split(' ')[0]));
        Assert.Matches("^-+( +-+)+$", lines[^6]);
        Assert.StartsWith("method ", lines[^7]);

        var testIds = Split("test").Select(r => r["id"]!.GetValue<string>()).ToList();
        foreach (var name in new[] { "zero-shot", "ln", "lora" })
        {
            var test = Path.Combine(output, "runs", name, "test");
            var predicted = File.ReadLines(Path.Combine(test, "predictions.jsonl")).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>());
            Assert.Equal(testIds, predicted);
            var scores = JsonNode.Parse(File.ReadAllText(Path.Combine(test, "scores.json")))!;
            Assert.Equal(testIds.Count, scores["n_items"]!.GetValue<int>());
            Assert.Equal(rows[name]["scores"]!["overall_accuracy"]!.GetValue<double>(), scores["overall_accuracy"]!.GetValue<double>(), 12);
        }
    }

    /// <summary>
    /// The LayerNorm weights and biases of the model folder, summed from its weight file's tensor names and
    /// shapes; checked against the count from its config: width 32 times 2 (weight, bias) times 20 LayerNorms
    /// (vision: 2 per layer x 2 + post; text encoder: embeddings + 3 per layer x 2; decoder: the same + the LM head's transform).
    /// </summary>
    static long NormParameters(string modelFolder)
    {
        var weights = SafeTensorsFile.Open(Path.Combine(modelFolder, "model.safetensors")).Entries.Values;
        long fromNames = weights.Where(w => w.Name.Split('.')[^2].Contains("norm", StringComparison.OrdinalIgnoreCase))
            .Sum(w => w.Shape.Aggregate(1L, (a, b) => a * b));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(modelFolder, "config.json")))!;
        long visionWidth = config["vision_config"]!["hidden_size"]!.GetValue<long>(), textWidth = config["text_config"]!["hidden_size"]!.GetValue<long>();
        long visionLayers = config["vision_config"]!["num_hidden_layers"]!.GetValue<long>(), textLayers = config["text_config"]!["num_hidden_layers"]!.GetValue<long>();
        long fromConfig = 2 * (visionWidth * (2 * visionLayers + 1) + textWidth * (1 + 3 * textLayers) + textWidth * (1 + 3 * textLayers + 1));
        Assert.Equal(fromConfig, fromNames);
        return fromNames;
    }

    /// <summary>Closed accuracy on <paramref name="test"/> (default: the fixture's test split) of always answering the train split's most
    /// frequent closed answer (ties: the first in ordinal order).</summary>
    double HandMajorityClosedAccuracy(IReadOnlyList<JsonObject>? test = null)
    {
        static string Answer(JsonObject row) => row["answer"]!.GetValue<string>().Trim().ToLowerInvariant();
        static bool Closed(JsonObject row) => row["answer_type"]!.GetValue<string>() == "CLOSED";
        var majority = Split("train").Where(Closed).GroupBy(Answer)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var closedTest = (test ?? Split("test")).Where(Closed).ToList();
        return (double)closedTest.Count(r => Answer(r) == majority) / closedTest.Count;
    }

    [Theory]
    [InlineData("unknown method")]
    [InlineData("zero steps")]
    [InlineData("eval-on without format")]
    [InlineData("eval-on missing folder")]
    [InlineData("no model folder")]
    [InlineData("data without format")]
    [InlineData("out under a file")]
    [InlineData("slurm option with the local launcher")]
    [InlineData("zero threads")]
    public void BadCommandLinesFailBeforeAnyWorkAndLeaveNoFolder(string problem)
    {
        using var folder = new TemporaryFolder();
        var plainFile = folder.File("plain");
        File.WriteAllText(plainFile, "a regular file");
        var output = problem == "out under a file" ? Path.Combine(plainFile, "results") : folder.File("results");
        string[] Arguments(string model = "", string format = "builtin-synthetic", string methods = "ln", string steps = "1") =>
            ["compare", "--model", model == "" ? fixture.Blip : model, "--data", fixture.Data, .. format == "" ? Array.Empty<string>() : ["--format", format],
             "--methods", methods, "--steps", steps, "--out", output];
        var (arguments, expected) = problem switch
        {
            "unknown method" => (Arguments(methods: "ln,nosuch"), new[] { "unknown method 'nosuch'", "expected one of" }),
            "zero steps" => (Arguments(steps: "0"), ["--steps is 0", "at least 1"]),
            "eval-on without format" => ([.. Arguments(), "--eval-on", fixture.Data], [$"--eval-on '{fixture.Data}': expected <format>:<folder>"]),
            "eval-on missing folder" => ([.. Arguments(), "--eval-on", "builtin-synthetic:/no/such/set"], ["--eval-on 'builtin-synthetic:/no/such/set'", "no such folder"]),
            "no model folder" => (Arguments(model: "/no/such/dir"), ["--model '/no/such/dir'", "no such folder", "expected a model folder"]),
            "data without format" => (Arguments(format: ""), [$"--data '{fixture.Data}' needs --format", "builtin-synthetic"]),
            "slurm option with the local launcher" => ([.. Arguments(), "--no-wait"], ["--no-wait is an option of --launcher slurm"]),
            "zero threads" => ([.. Arguments(), "--threads", "0"], ["--threads 0: expected 1 to 1024"]),
            _ => (Arguments(), [$"{plainFile} is a file", "expected a folder"]),
        };

        var result = CliRunner.Run(arguments);

        Assert.Equal(2, result.ExitCode);
        foreach (var part in expected) Assert.Contains(part, result.Error);
        // Nothing ran (no progress was printed) and nothing was left: the folder holds only the test's own file.
        Assert.Equal("", result.Output);
        Assert.Equal(["plain"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }
}
