using System.CommandLine;
using MedPeft.Evaluation;
using MedPeft.Evaluation.Metrics;
using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Cli;

/// <summary><c>medpeft score</c>: scores a predictions file with the Med-VQA or report-generation metrics.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task")
        {
            Description = "What the predictions answer: vqa (Med-VQA accuracies) or report (BLEU-1..4, METEOR, ROUGE-L, CIDEr-D).",
            Required = true,
        };
        var predictions = new Option<string>("--predictions")
        {
            Description = "JSONL file, one object per line: {\"id\", \"prediction\", \"reference\": text or [texts], "
                + "\"answer_type\": \"CLOSED\"|\"OPEN\" (vqa), optional \"question\", \"question_type\", \"image\"}.",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var wordnet = new Option<string?>("--wordnet") { Description = WordNetOption.Description };

        var command = new Command("score",
            "Score a predictions file.\n"
            + "Example: medpeft score --task report --predictions predictions.jsonl --json")
        {
            task, predictions, json, wordnet,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = parse.GetValue(predictions)!;
            switch (parse.GetValue(task)?.Trim().ToLowerInvariant())
            {
                case "vqa":
                    var vqa = VqaMetrics.Score(PredictionsFile.ReadVqa(path));
                    if (parse.GetValue(json)) ScoreOutput.WriteVqaJson(output, path, vqa);
                    else ScoreOutput.WriteVqaTable(output, path, vqa);
                    return ExitCodes.Success;
                case "report":
                    var pairs = PredictionsFile.ReadReports(path);
                    using (var database = WordNetDatabase.OpenChosen(parse.GetValue(wordnet)))
                    {
                        var report = ReportMetrics.Score(pairs, database);
                        if (parse.GetValue(json)) ScoreOutput.WriteReportJson(output, path, report, database.Description);
                        else ScoreOutput.WriteReportTable(output, path, report, database.Description);
                    }
                    return ExitCodes.Success;
                default:
                    throw new MedPeftException($"--task is \"{parse.GetValue(task)}\"; expected vqa or report");
            }
        });
        return command;
    }
}
