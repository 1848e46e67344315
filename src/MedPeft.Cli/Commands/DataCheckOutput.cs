using System.Text.Json;
using MedPeft.Data.Datasets;

namespace MedPeft.Cli;

/// <summary>The text and JSON forms of a <see cref="DatasetCheckReport"/>.</summary>
static class DataCheckOutput
{
    /// <summary>Notes beyond this many are counted, not listed, in the text form (the JSON form lists all).</summary>
    const int NotesShown = 20;

    public static void Text(DatasetCheckReport report, TextWriter output)
    {
        output.WriteLine($"Dataset {report.Format} at {report.Directory}");
        foreach (var task in report.Tasks)
        {
            output.WriteLine($"{(task.Task == DatasetTask.Vqa ? "VQA" : "Report")} rows: " +
                string.Join(", ", task.Rows.Select(p => $"{p.Key.Name()} {p.Value}")) + $" (total {task.Rows.Values.Sum()})");
            if (task.Task == DatasetTask.Vqa) output.WriteLine($"  answers: closed {task.Closed}, open {task.Open}");
            if (task.QuestionTypes.Count > 0) output.WriteLine($"  question types: {Join(task.QuestionTypes)}");
            if (task.Languages.Count > 0) output.WriteLine($"  languages: {Join(task.Languages)}");
            output.WriteLine($"  images: {task.ImagesFound} found ({task.ImagesUnreadable} unreadable), {task.ImagesMissing} missing");
        }
        if (report.Subjects.Count > 0)
        {
            output.WriteLine($"Subjects: {report.Subjects.Count} ({string.Join(", ", report.Subjects.GroupBy(s => s.Modality).Select(g => $"{g.Key} {g.Count()}"))})");
            foreach (var split in report.Subjects.GroupBy(s => s.Split))
                output.WriteLine($"  {split.Key}: " + string.Join(", ", split.Select(s => $"{s.Id} ({s.Modality}, {s.Region}, {s.Images} images)")));
        }
        output.WriteLine($"Problems: {report.Problems.Count}");
        foreach (var problem in report.Problems) output.WriteLine($"  {problem}");
        if (report.Notes.Count > 0)
        {
            output.WriteLine($"Notes: {report.Notes.Count}");
            foreach (var note in report.Notes.Take(NotesShown)) output.WriteLine($"  {note}");
            if (report.Notes.Count > NotesShown) output.WriteLine($"  ... and {report.Notes.Count - NotesShown} more (--json lists them all)");
        }
        output.WriteLine(report.Usable ? "Result: usable" : $"Result: not usable ({report.Problems.Count} problem(s))");
    }

    static string Join(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.Select(p => $"{p.Key} {p.Value}"));

    public static string Json(DatasetCheckReport report)
    {
        static object Problem(DatasetProblem p) => new Dictionary<string, object?>
        {
            ["kind"] = p.Kind.ToString(), ["file"] = p.File, ["location"] = p.Location, ["message"] = p.Message,
        };
        var value = new Dictionary<string, object?>
        {
            ["format"] = report.Format,
            ["directory"] = report.Directory,
            ["usable"] = report.Usable,
            ["tasks"] = report.Tasks.Select(t => new Dictionary<string, object?>
            {
                ["task"] = t.Task.Name(),
                ["rows"] = t.Rows.ToDictionary(p => p.Key.Name(), p => p.Value),
                ["closed"] = t.Closed,
                ["open"] = t.Open,
                ["question_types"] = t.QuestionTypes,
                ["languages"] = t.Languages,
                ["images"] = new Dictionary<string, int> { ["found"] = t.ImagesFound, ["missing"] = t.ImagesMissing, ["unreadable"] = t.ImagesUnreadable },
            }).ToList(),
            ["subjects"] = report.Subjects.Select(s => new Dictionary<string, object>
            {
                ["id"] = s.Id, ["modality"] = s.Modality, ["region"] = s.Region, ["package"] = s.Package, ["split"] = s.Split, ["images"] = s.Images,
            }).ToList(),
            ["problems"] = report.Problems.Select(Problem).ToList(),
            ["notes"] = report.Notes.Select(Problem).ToList(),
        };
        return JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
