using System.CommandLine;
using MedPeft.Data.Datasets;

namespace MedPeft.Cli;

/// <summary>
/// <c>medpeft data check --format FORMAT DIR [--json] [--q-lang en] [--task vqa]</c>: reads a dataset,
/// opens every image, prints counts and every problem; exit code 0 when usable, 2 otherwise.
/// </summary>
internal static class DataCheckCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = "The dataset format.",
            Required = true,
        };
        format.AcceptOnlyFromAmong([.. DatasetFormats.Names]);
        var directory = new Argument<string>("dir") { Description = "The dataset folder, laid out as the public set ships it." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var language = new Option<string>("--q-lang") { Description = "SLAKE question language: en, zh or all.", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "zh", "all");
        var task = new Option<string>("--task") { Description = "Rows of a JSONL folder: vqa or report.", DefaultValueFactory = _ => "vqa" };
        task.AcceptOnlyFromAmong("vqa", "report");
        var noDecode = new Option<bool>("--no-decode") { Description = "Only check that image files exist; do not open them." };

        var command = new Command("check",
            "Read a dataset and report rows per split, closed/open answers, question types, languages, images found, missing " +
            "and unreadable, and every problem with its file and row. Exit code 0 when the set is usable, 2 otherwise.\n" +
            "Example: medpeft data check --format slake ./Slake1.0 --q-lang en")
        {
            format, directory, json, language, task, noDecode,
        };
        command.SetAction(parse =>
        {
            var options = new DatasetOptions(DatasetNames.ParseTask(parse.GetValue(task)!), parse.GetValue(language)!);
            var report = DatasetCheck.Run(parse.GetValue(format)!, parse.GetValue(directory)!, options, decodeImages: !parse.GetValue(noDecode));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(DataCheckOutput.Json(report));
            else DataCheckOutput.Text(report, output);
            return report.Usable ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }
}
