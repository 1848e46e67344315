using System.Text;

namespace MedPeft.Tests.Fuzzing;

/// <summary>How the fuzz tests find the JSON of a file, and copy a valid folder to mutate one of its files.</summary>
public static class FuzzCorpus
{
    /// <summary>A whole file that is one JSON document.</summary>
    public static readonly MutationFuzzer.JsonPart WholeFile = new(bytes => Encoding.UTF8.GetString(bytes), (_, json) => Encoding.UTF8.GetBytes(json));

    /// <summary>The first line of a JSON Lines file; the other lines stay as they are.</summary>
    public static readonly MutationFuzzer.JsonPart FirstLine = new(
        bytes => Encoding.UTF8.GetString(bytes).Split('\n')[0],
        (bytes, json) => Encoding.UTF8.GetBytes(string.Join('\n', [json, .. Encoding.UTF8.GetString(bytes).Split('\n')[1..]])));

    /// <summary>Copies every file under <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(directory.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var path in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(path, path.Replace(from, to));
    }
}
