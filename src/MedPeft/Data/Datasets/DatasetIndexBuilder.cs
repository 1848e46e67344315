namespace MedPeft.Data.Datasets;

/// <summary>
/// Collects the rows a reader finds: resolves and checks image paths (each distinct file is looked
/// up once and its path string shared by its rows), reconciles declared and derived answer types,
/// carves a validation split where the set has none, and reports empty splits.
/// </summary>
sealed class DatasetIndexBuilder(string format, string root, DatasetTask task, ProblemLog log)
{
    readonly Dictionary<DatasetSplit, List<DatasetRow>> rows = new()
    {
        [DatasetSplit.Train] = [], [DatasetSplit.Validation] = [], [DatasetSplit.Test] = [],
    };
    // Path -> (the one string instance every row shares, whether the file exists).
    readonly Dictionary<string, (string Shared, bool Exists)> images = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> languages = new(StringComparer.Ordinal);
    readonly HashSet<string> texts = new(StringComparer.Ordinal);

    public ProblemLog Log { get; } = log;
    public DatasetTask Task { get; } = task;

    /// <summary>
    /// Adds a row, sharing one string instance among equal questions, answers, question types and
    /// languages (Med-VQA sets repeat them a lot: "yes", "What modality is used to take this image?").
    /// Reports are nearly all distinct and are kept as they are.
    /// </summary>
    public void Add(DatasetRow row) => rows[row.Split].Add(row with
    {
        Question = Shared(row.Question),
        Answer = Task == DatasetTask.Report ? row.Answer : Shared(row.Answer)!,
        QuestionType = Shared(row.QuestionType),
        Language = Shared(row.Language),
    });

    string? Shared(string? text)
    {
        if (text is null) return null;
        if (texts.TryGetValue(text, out var shared)) return shared;
        texts.Add(text);
        return text;
    }

    public void SeeLanguage(string language) => languages[language] = languages.GetValueOrDefault(language) + 1;

    /// <summary>The absolute path of an image named relative to <paramref name="folder"/>, or null (and a problem) when it does not exist.</summary>
    public string? Image(string folder, string relative, string file, string location)
    {
        if (relative.Contains('\0'))
        {
            Log.Add(ProblemKind.BadValue, file, location, $"image name '{relative.Replace('\0', ' ')}' holds a NUL character; expected a file name");
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(folder, relative));
        if (!images.TryGetValue(path, out var image))
        {
            image = (path, File.Exists(path));
            images[path] = image;
        }
        if (!image.Exists) Log.Add(ProblemKind.MissingImage, file, location, $"image not found: {path}");
        return image.Exists ? image.Shared : null;
    }

    /// <summary>
    /// The row's answer type: the set's declared one when it is OPEN or CLOSED, else derived from the
    /// answer. An OPEN declaration with a yes/no answer is kept and noted; a CLOSED one with another answer
    /// is not noted: SLAKE and VQA-RAD mark closed questions that name their candidates ("CT or MRI?" → "MRI").
    /// </summary>
    public AnswerType AnswerType(string? declared, string answer, string file, string location)
    {
        var derived = AnswerTypes.FromAnswer(answer);
        if (string.IsNullOrWhiteSpace(declared)) return derived;
        var parsed = AnswerTypes.ParseDeclared(declared);
        if (parsed is null)
        {
            Log.Note(file, location, $"answer_type '{declared}' is neither OPEN nor CLOSED; taken as {derived.Name()} from the answer");
            return derived;
        }
        if (parsed == Datasets.AnswerType.Open && derived == Datasets.AnswerType.Closed)
            Log.Note(file, location, $"answer_type OPEN but the answer '{answer}' is yes/no");
        return parsed.Value;
    }

    /// <summary>
    /// Finishes the index. <paramref name="splitFiles"/> names the file each split came from (for the
    /// empty-split problem); a split missing from it is carved from train when <paramref name="carve"/> is set.
    /// </summary>
    public DatasetIndex Build(IReadOnlyDictionary<DatasetSplit, string> splitFiles, DatasetOptions options, bool carve)
    {
        if (carve && rows[DatasetSplit.Validation].Count == 0 && rows[DatasetSplit.Train].Count > 0)
        {
            var (train, validation) = ValidationSplit.CarveByImage(rows[DatasetSplit.Train], options.ValidationFraction, options.Seed);
            rows[DatasetSplit.Train] = train;
            rows[DatasetSplit.Validation] = validation;
            Log.Note(root, null, $"no validation split in the set: {validation.Count} row(s) on {validation.Select(r => string.Join('\n', r.ImagePaths)).Distinct().Count()} image(s) moved from train ({options.ValidationFraction:P0} of the images, seed {options.Seed})");
        }
        foreach (var (split, file) in splitFiles)
            if (rows[split].Count == 0)
                Log.Add(ProblemKind.EmptySplit, file, null, $"the {split.Name()} split has no usable rows");
        NoteSharedImages();
        var splits = rows.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<DatasetRow>)pair.Value);
        return new DatasetIndex(format, root, Task, splits, Log, images.Values.Count(i => i.Exists), images.Values.Count(i => !i.Exists),
            languages.Count > 0 ? languages : rows.Values.SelectMany(r => r).Where(r => r.Language is not null)
                .GroupBy(r => r.Language!).ToDictionary(g => g.Key, g => g.Count()));
    }

    void NoteSharedImages()
    {
        var train = rows[DatasetSplit.Train].SelectMany(r => r.ImagePaths).ToHashSet(StringComparer.Ordinal);
        foreach (var split in new[] { DatasetSplit.Validation, DatasetSplit.Test })
        {
            int shared = rows[split].SelectMany(r => r.ImagePaths).Distinct().Count(train.Contains);
            if (shared > 0) Log.Note(root, null, $"{shared} image(s) of the {split.Name()} split also appear in train (as the set ships it)");
        }
    }
}
