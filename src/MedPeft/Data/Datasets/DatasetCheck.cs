using MedPeft.Data.BuiltIn;
using MedPeft.Data.Datasets.Formats;
using MedPeft.Data.Images;

namespace MedPeft.Data.Datasets;

/// <summary>Counts of one task's rows in a checked dataset.</summary>
internal sealed record TaskSummary(
    DatasetTask Task,
    IReadOnlyDictionary<DatasetSplit, int> Rows,
    int Closed,
    int Open,
    IReadOnlyDictionary<string, int> QuestionTypes,
    IReadOnlyDictionary<string, int> Languages,
    int ImagesFound,
    int ImagesMissing,
    int ImagesUnreadable);

/// <summary>What <c>data check</c> found: counts per task, every problem and the notes. Usable means no problem.</summary>
internal sealed record DatasetCheckReport(string Format, string Directory, IReadOnlyList<TaskSummary> Tasks, IReadOnlyList<DatasetProblem> Problems, IReadOnlyList<DatasetProblem> Notes)
{
    public bool Usable => Problems.Count == 0;

    /// <summary>The subjects a built-in real set lists in its dataset.json (modality, split, images); empty for other sets.</summary>
    public IReadOnlyList<DatasetSubject> Subjects { get; init; } = [];
}

/// <summary>
/// Reads a dataset collecting every problem instead of stopping at the first, and opens each distinct
/// image once (one at a time) to find the ones that do not decode.
/// </summary>
internal static class DatasetCheck
{
    public static DatasetCheckReport Run(string format, string directory, DatasetOptions options, bool decodeImages = true, MedicalImageOptions? imageOptions = null)
    {
        var reader = DatasetFormats.Get(format);
        if (!System.IO.Directory.Exists(directory)) throw new MedPeftException($"{directory}: dataset folder not found.");
        directory = Path.GetFullPath(directory);
        // A built-in folder holds both tasks; a JSONL folder the one asked for; the others their one task.
        IReadOnlyList<DatasetTask> tasks = reader is BuiltinReader ? reader.Tasks
            : reader.Tasks.Contains(options.Task) ? [options.Task] : [reader.Tasks[0]];
        var summaries = new List<TaskSummary>();
        var problems = new List<DatasetProblem>();
        var notes = new List<DatasetProblem>();
        foreach (var task in tasks)
        {
            var log = new ProblemLog(strict: false);
            var index = reader.Read(directory, options with { Task = task }, log);
            int unreadable = decodeImages ? DecodeImages(index, imageOptions ?? MedicalImageOptions.Default, log) : 0;
            summaries.Add(Summarize(index, unreadable));
            problems.AddRange(log.Problems);
            notes.AddRange(log.Notes);
        }
        return new DatasetCheckReport(reader.Format, directory, summaries, problems.Distinct().ToList(), notes.Distinct().ToList())
        {
            Subjects = reader is BuiltinReader ? DatasetManifest.ReadSubjects(directory) : [],
        };
    }

    static int DecodeImages(DatasetIndex index, MedicalImageOptions imageOptions, ProblemLog log)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int unreadable = 0;
        foreach (var row in index.AllRows)
        {
            foreach (var path in row.ImagePaths)
            {
                if (!seen.Add(path)) continue;
                try { ImageLoader.Load(path, imageOptions); }
                catch (MedPeftException e)
                {
                    unreadable++;
                    var prefix = path + ": ";
                    log.Add(ProblemKind.UnreadableImage, path, $"row {row.Id} ({row.Split.Name()})",
                        e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message);
                }
            }
        }
        return unreadable;
    }

    static TaskSummary Summarize(DatasetIndex index, int unreadable)
    {
        var rows = index.AllRows.ToList();
        static IReadOnlyDictionary<string, int> Count(IEnumerable<string> keys) =>
            keys.GroupBy(k => k).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        return new TaskSummary(
            index.Task,
            index.Splits.ToDictionary(p => p.Key, p => p.Value.Count),
            rows.Count(r => r.AnswerType == AnswerType.Closed),
            rows.Count(r => r.AnswerType == AnswerType.Open),
            Count(rows.Where(r => r.QuestionType is not null).Select(r => r.QuestionType!)),
            index.LanguagesSeen.OrderByDescending(p => p.Value).ToDictionary(p => p.Key, p => p.Value),
            index.ImagesFound,
            index.ImagesMissing,
            unreadable);
    }
}
