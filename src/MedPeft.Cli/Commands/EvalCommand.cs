using System.CommandLine;
using MedPeft.Evaluation;
using MedPeft.Runs;

namespace MedPeft.Cli;

/// <summary><c>medpeft eval</c>: generates answers or reports for a split and scores them.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var options = new EvaluationCliOptions();
        var output = new Option<string>("--out") { Description = "Folder for predictions.jsonl and scores.json.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the scores as one JSON object." };
        var command = new Command("eval",
            "Generate an answer (BLIP: beam 3, 10 tokens; LLaVA: greedy) or report for every row of a split, score them\n" +
            "(closed/open/overall accuracy, or BLEU-1..4, METEOR, ROUGE-L, CIDEr-D) and write predictions.jsonl and scores.json.\n\n" +
            "Example:\n  medpeft eval --model ./blip-vqa --adapter runs/slake-ln/checkpoints/best --data ./SLAKE --format slake --out runs/slake-ln/test")
        {
            output, json,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var spec = options.Read(parse);
            var outDirectory = parse.GetValue(output)!;
            BaseModelStep.EnsureBuilt(spec.Model, parse.InvocationConfiguration.Output);
            var (records, _) = EvaluationRun.Predict(spec);
            var scores = EvaluationRun.ScoreAndWrite(spec, records, outDirectory);
            var writer = parse.InvocationConfiguration.Output;
            var source = Path.Combine(outDirectory, EvaluationRun.PredictionsFileName);
            if (parse.GetValue(json)) writer.Write(File.ReadAllText(Path.Combine(outDirectory, EvaluationRun.ScoresFileName)));
            else if (scores.Vqa is not null) ScoreOutput.WriteVqaTable(writer, source, scores.Vqa);
            else ScoreOutput.WriteReportTable(writer, source, scores.Reports!, scores.WordNet);
            return ExitCodes.Success;
        });
        return command;
    }
}
