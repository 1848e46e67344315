using System.CommandLine;
using MedPeft.Data.Datasets;
using MedPeft.Evaluation.Metrics.WordNet;
using MedPeft.Runs;
using MedPeft.Tasks;

namespace MedPeft.Cli;

/// <summary>The options shared by <c>eval</c> and <c>predict</c>.</summary>
internal sealed class EvaluationCliOptions
{
    readonly DataCliOptions data = new();
    readonly Option<string?> adapter = new("--adapter") { Description = "An adapter folder (a run's checkpoints/best, or an HF PEFT LoRA adapter)." };
    readonly Option<string> split = new("--split") { Description = "train, validation or test.", DefaultValueFactory = _ => "test" };
    readonly Option<int?> beams = new("--beams") { Description = "Beam width (default: BLIP 3, LLaVA 1 = greedy)." };
    readonly Option<int?> maxNewTokens = new("--max-new-tokens") { Description = "Token budget (default: 10 for answers; BLIP 100, LLaVA 128 for reports)." };
    readonly Option<int> batchSize = new("--batch-size") { Description = "Rows generated together.", DefaultValueFactory = _ => 16 };
    readonly Option<string?> wordnet = new("--wordnet") { Description = WordNetOption.Description };
    readonly Option<string> precision = PrecisionOption.Create();
    readonly Option<int> seed = new("--seed") { Description = "Seed of what loading draws at random (a validation split cut from a training split that ships none).", DefaultValueFactory = _ => 42 };

    public void AddTo(Command command)
    {
        data.AddTo(command);
        foreach (var option in new Option[] { adapter, split, beams, maxNewTokens, batchSize, wordnet, seed, precision }) command.Options.Add(option);
    }

    public EvaluationSpec Read(ParseResult parse)
    {
        var task = DataCliOptions.ParseTask(parse.GetValue(data.Task)!);
        GenerationSettings? generation = null;
        if (parse.GetValue(beams) is not null || parse.GetValue(maxNewTokens) is not null)
        {
            int b = parse.GetValue(beams) ?? 1, m = parse.GetValue(maxNewTokens) ?? (task == DatasetTask.Report ? 100 : 10);
            if (b < 1 || m < 1) throw new MedPeftException("--beams and --max-new-tokens must be at least 1.");
            generation = new GenerationSettings(b, m);
        }
        if (parse.GetValue(batchSize) < 1) throw new MedPeftException("--batch-size must be at least 1.");
        // A WordNet folder that cannot be read fails here, not after the generation.
        if (task == DatasetTask.Report) WordNetDatabase.OpenChosen(parse.GetValue(wordnet)).Dispose();
        return new EvaluationSpec(parse.GetValue(data.Model)!, parse.GetValue(adapter), parse.GetValue(data.Data)!, parse.GetValue(data.Format)!, task,
            ParseSplit(parse.GetValue(split)!), generation, parse.GetValue(batchSize), parse.GetValue(data.Template), parse.GetValue(data.QuestionLanguage)!,
            parse.GetValue(data.Device)!, parse.GetValue(wordnet), parse.GetValue(seed), PrecisionOption.Parse(parse.GetValue(precision)!));
    }

    static DatasetSplit ParseSplit(string text) => text.Trim().ToLowerInvariant() switch
    {
        "train" => DatasetSplit.Train,
        "validation" or "val" => DatasetSplit.Validation,
        "test" => DatasetSplit.Test,
        _ => throw new MedPeftException($"--split '{text}': expected train, validation or test."),
    };
}
