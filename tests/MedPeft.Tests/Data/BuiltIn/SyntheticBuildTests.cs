using MedPeft.Cli;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Tests.Data.BuiltIn;

public class SyntheticBuildTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-synth-build-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static SyntheticOptions Small(long seed) => new(seed, Images: 12, QuestionsPerImage: 4, ImageSize: 96);

    [Fact]
    public void SameSeedGivesIdenticalFilesAndAnotherSeedDifferentOnes()
    {
        SyntheticDatasetBuilder.Build(Path.Combine(folder, "a"), Small(5));
        SyntheticDatasetBuilder.Build(Path.Combine(folder, "b"), Small(5));
        SyntheticDatasetBuilder.Build(Path.Combine(folder, "c"), Small(6));
        var a = BuiltInTestData.Files(Path.Combine(folder, "a"));
        var b = BuiltInTestData.Files(Path.Combine(folder, "b"));
        var c = BuiltInTestData.Files(Path.Combine(folder, "c"));

        Assert.Equal(a.Keys, b.Keys);
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between two builds with one seed");
        Assert.Equal(a.Keys, c.Keys);
        Assert.False(a["train.jsonl"].AsSpan().SequenceEqual(c["train.jsonl"]));
        Assert.False(a["annotation.json"].AsSpan().SequenceEqual(c["annotation.json"]));
        Assert.True(a.Keys.Where(k => k.EndsWith(".png")).Count(k => !a[k].AsSpan().SequenceEqual(c[k])) >= 11);
    }

    [Fact]
    public void EnsureReusesAMatchingBuildAndRebuildsForOtherOptions()
    {
        var target = Path.Combine(folder, "ensure");
        Assert.True(BuiltInDatasets.EnsureSynthetic(target, Small(1)));
        var marker = Path.Combine(target, "marker.txt");
        File.WriteAllText(marker, "kept while the build is reused");

        Assert.False(BuiltInDatasets.EnsureSynthetic(target, Small(1)));
        Assert.True(File.Exists(marker));

        Assert.True(BuiltInDatasets.EnsureSynthetic(target, Small(2)));
        Assert.False(File.Exists(marker));
        Assert.Contains("\"seed\": 2,", File.ReadAllText(Path.Combine(target, "dataset.json")));
    }

    [Fact]
    public void EnsureRebuildsASetMadeByAnOlderGenerator()
    {
        var target = Path.Combine(folder, "old");
        Assert.True(BuiltInDatasets.EnsureSynthetic(target, Small(1)));
        var description = Path.Combine(target, "dataset.json");
        File.WriteAllText(description, File.ReadAllText(description).Replace("\"generator_version\": 2", "\"generator_version\": 1"));

        Assert.True(BuiltInDatasets.EnsureSynthetic(target, Small(1)));
        Assert.Contains("\"generator_version\": 2", File.ReadAllText(description));
    }

    [Fact]
    public void AFolderThatIsNotADatasetIsNotOverwritten()
    {
        var target = Path.Combine(folder, "mine");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "notes.txt"), "user data");

        var error = Assert.Throws<MedPeftException>(() => SyntheticDatasetBuilder.Build(target, Small(1)));
        Assert.Contains(target, error.Message);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal(["mine"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName)); // no staging folder left
    }

    [Fact]
    public void CommandBuildsAndSummarises()
    {
        var target = Path.Combine(folder, "cli");
        var (code, output, error) = Run("data", "build-synthetic", "--out", target, "--images", "20", "--image-size", "96", "--seed", "3");
        Assert.True(code == 0, error);
        Assert.Contains("builtin-synthetic written to", output);
        Assert.Contains("images: train 14, validation 2, test 4", output);
        Assert.Contains("yes share of closed:", output);
        Assert.True(File.Exists(Path.Combine(target, "dataset.json")));
    }

    [Theory]
    [InlineData("--images", "3", "--images must be between")]
    [InlineData("--image-size", "16", "--image-size must be between")]
    [InlineData("--questions-per-image", "0", "--questions-per-image must be between")]
    public void CommandRejectsOptionsOutOfRange(string option, string value, string message)
    {
        var target = Path.Combine(folder, "bad");
        var (code, _, error) = Run("data", "build-synthetic", "--out", target, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(target));
    }

    static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
