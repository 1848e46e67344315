using MedPeft.Data.BuiltIn;

namespace MedPeft.Cli;

/// <summary>The closing summary the <c>data build-*</c> commands print.</summary>
static class BuiltInSummary
{
    public static void Print(TextWriter writer, string directory, BuiltInBuild build, TimeSpan elapsed)
    {
        var bytes = new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
        writer.WriteLine($"{build.Manifest.Name} written to {directory}");
        writer.WriteLine("images: " + string.Join(", ", DatasetSplits.All.Select(s => $"{s} {build.ImagesPerSplit.GetValueOrDefault(s)}")));
        foreach (var line in build.Statistics.Describe()) writer.WriteLine(line);
        writer.WriteLine($"built in {elapsed.TotalSeconds:0.0} s, {bytes / 1e6:0.0} MB on disk");
    }
}
