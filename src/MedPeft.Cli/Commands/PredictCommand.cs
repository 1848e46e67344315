using System.CommandLine;
using MedPeft.Evaluation;
using MedPeft.Runs;

namespace MedPeft.Cli;

/// <summary><c>medpeft predict</c>: generates answers or reports for a split, without scoring them.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var options = new EvaluationCliOptions();
        var output = new Option<string>("--out") { Description = "The predictions file to write (JSONL: id, question, reference, prediction, ...).", Required = true };
        var command = new Command("predict",
            "Generate an answer or report for every row of a split and write them as JSONL (score it later with 'medpeft score').\n\n" +
            "Example:\n  medpeft predict --model ./llava-med --adapter runs/lora/checkpoints/best --data ./VQA_RAD --format vqa-rad --out answers.jsonl")
        {
            output,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var spec = options.Read(parse);
            BaseModelStep.EnsureBuilt(spec.Model, parse.InvocationConfiguration.Output);
            var (records, settings) = EvaluationRun.Predict(spec);
            PredictionsFile.Write(parse.GetValue(output)!, records);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {records.Count} predictions (beams {settings.NumBeams}, up to {settings.MaxNewTokens} tokens) to {parse.GetValue(output)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
