using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.IO;
using MedPeft.Tests.Training;

namespace MedPeft.Tests.Cli;

/// <summary>
/// Processes that need the same cache entry at once build it once: two <c>medpeft compare</c> processes that both
/// need the built-in synthetic set of one seed wait on its lock, one builds it, the other takes the finished set.
/// </summary>
public sealed class SharedCacheTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    const string Waiting = "waiting for another process to finish building the dataset";
    const string Building = "building the dataset builtin-synthetic";

    [Fact]
    public void TwoComparesNeedingOneDatasetBuildItOnce()
    {
        using var folder = new TemporaryFolder();
        var cache = folder.File("cache");
        var entry = Path.Combine(cache, "data", "builtin-synthetic-5-64");
        var environment = new Dictionary<string, string> { ["MEDPEFT_CACHE"] = cache };
        string[] Compare(string output) =>
            ["compare", "--model", fixture.Blip, "--format", "builtin-synthetic", "--seed", "5", "--methods", "ln", "--steps", "1", "--out", folder.File(output)];

        // The test holds the entry's lock first, so that both processes find it taken whatever their timing.
        var held = FolderLock.Acquire(entry, TextWriter.Null, "the test");
        using var first = new ToolChild(Compare("first"), environment);
        using var second = new ToolChild(Compare("second"), environment);
        foreach (var child in new[] { first, second }) child.WaitForLine(l => l.StartsWith(Waiting, StringComparison.Ordinal), "that it waits");
        Assert.False(Directory.Exists(entry), "nothing is built while the lock is held");
        held.Dispose();

        foreach (var child in new[] { first, second }) child.WaitForLine(l => l.StartsWith("data: builtin-synthetic", StringComparison.Ordinal), "the data it uses");
        var builders = new[] { first, second }.Count(child => child.Output.Contains(Building, StringComparison.Ordinal));
        Assert.True(builders == 1, $"{builders} processes built the dataset:\n{first.Output}\n---\n{second.Output}");

        var built = DatasetManifest.TryRead(entry);
        Assert.True(built?.SameBuildAs(SyntheticDatasetBuilder.Manifest(new SyntheticOptions(Seed: 5, ImageSize: 64))), $"{entry}: not the dataset asked for");
        Assert.All(new[] { "train.jsonl", "validation.jsonl", "test.jsonl" }, split => Assert.True(File.Exists(Path.Combine(entry, split)), $"{entry}: no {split}"));
        // Neither a temporary folder nor a lock file is left beside the entry.
        var data = Path.GetDirectoryName(entry)!;
        Assert.Equal([Path.GetFileName(entry)], Directory.GetFileSystemEntries(data).Select(Path.GetFileName));
    }
}
