using System.Globalization;
using MedPeft.Data.Datasets.Pickle;

namespace MedPeft.Data.Datasets.Formats;

/// <summary>
/// PathVQA as its authors release it (the <c>pvqa</c> folder): <c>qas/&lt;split&gt;/&lt;split&gt;_qa.pkl</c>
/// for the splits train, val and test, each a pickled list of dicts with <c>image</c> (a name without
/// extension, e.g. <c>train_0422</c>), <c>question</c> and <c>answer</c>; the images are
/// <c>images/&lt;split&gt;/&lt;image&gt;.jpg</c>. The folder given may be <c>pvqa</c> itself or hold it.
/// Rows carry no id in the release: a row's id is <c>&lt;split&gt;-&lt;position&gt;</c>.
/// </summary>
internal sealed class PathVqaReader : IDatasetReader
{
    static readonly (DatasetSplit Split, string Name)[] Splits =
        [(DatasetSplit.Train, "train"), (DatasetSplit.Validation, "val"), (DatasetSplit.Test, "test")];

    public string Format => "pathvqa";
    public IReadOnlyList<DatasetTask> Tasks => [DatasetTask.Vqa];

    public DatasetIndex Read(string directory, DatasetOptions options, ProblemLog log)
    {
        var root = !Directory.Exists(Path.Combine(directory, "qas")) && Directory.Exists(Path.Combine(directory, "pvqa", "qas"))
            ? Path.Combine(directory, "pvqa")
            : directory;
        var builder = new DatasetIndexBuilder(Format, root, DatasetTask.Vqa, log);
        var splitFiles = new Dictionary<DatasetSplit, string>();
        foreach (var (split, name) in Splits)
        {
            var file = Path.Combine(root, "qas", name, $"{name}_qa.pkl");
            if (!File.Exists(file))
            {
                log.Add(ProblemKind.MissingFile, file, null, "file not found");
                continue;
            }
            splitFiles[split] = file;
            object? content;
            try { content = PickleReader.Read(file); }
            catch (MedPeftException e)
            {
                var prefix = file + ": ";
                log.Add(ProblemKind.CorruptFile, file, null, e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message);
                continue;
            }
            if (content is not List<object?> items)
            {
                log.Add(ProblemKind.CorruptFile, file, null, $"expected a pickled list of dicts, found {Describe(content)}");
                continue;
            }
            var images = Path.Combine(root, "images", name);
            for (int index = 0; index < items.Count; index++) ReadItem(builder, file, split, index, items[index], images, log);
        }
        return builder.Build(splitFiles, options, carve: false);
    }

    static void ReadItem(DatasetIndexBuilder builder, string file, DatasetSplit split, int index, object? item, string images, ProblemLog log)
    {
        var location = $"item {index}";
        if (item is not Dictionary<object, object?> fields)
        {
            log.Add(ProblemKind.BadValue, file, location, $"expected a dict, found {Describe(item)}");
            return;
        }
        string? Text(string name, ProblemKind whenEmpty = ProblemKind.MissingField)
        {
            if (!fields.TryGetValue(name, out var value) || value is null)
            {
                log.Add(ProblemKind.MissingField, file, location, $"field '{name}' is missing");
                return null;
            }
            var text = value switch
            {
                string s => s,
                long or double or System.Numerics.BigInteger => Convert.ToString(value, CultureInfo.InvariantCulture),
                _ => null,
            };
            if (text is null) log.Add(ProblemKind.BadValue, file, location, $"field '{name}' must be text, found {Describe(value)}");
            else if (string.IsNullOrWhiteSpace(text)) log.Add(whenEmpty, file, location, $"field '{name}' is empty");
            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }
        var imageName = Text("image");
        var question = Text("question");
        var answer = Text("answer", ProblemKind.EmptyAnswer);
        if (imageName is null || question is null || answer is null) return;
        var image = builder.Image(images, Path.HasExtension(imageName) ? imageName : imageName + ".jpg", file, location);
        if (image is null) return;
        var declared = fields.GetValueOrDefault("answer_type") as string;
        builder.Add(new DatasetRow($"{split.Name()}-{index}", split, [image], question, answer,
            builder.AnswerType(declared, answer, file, location), null, "en"));
    }

    static string Describe(object? value) => value switch
    {
        null => "None",
        List<object?> => "a list",
        Dictionary<object, object?> => "a dict",
        string => "a string",
        _ => value.GetType().Name,
    };
}
