using MedPeft.Cli;
using MedPeft.Models.Onnx;

namespace MedPeft.Tests.Cli;

public class ImportCommandTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-import-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void TruncatedOnnxFileIsBadInputAndLeavesNothingBehind()
    {
        var truncated = Path.Combine(folder, "ResNet18-truncated.onnx");
        using (var source = File.OpenRead(BuiltInOnnxModels.ResNet18Path))
        using (var target = File.Create(truncated))
        {
            var head = new byte[1_000_000];
            source.ReadExactly(head);
            target.Write(head);
        }
        var outDirectory = Path.Combine(folder, "out");

        var (code, _, error) = Run("import", "onnx", "--model", "resnet18", "--onnx", truncated, "--out", outDirectory);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"error: {truncated}: not a valid ONNX model file", error);
        Assert.Equal(new[] { truncated }, Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void FileThatIsNotOnnxIsBadInput()
    {
        var text = Path.Combine(folder, "notes.onnx");
        File.WriteAllText(text, "these are notes, not a model");

        var (code, _, error) = Run("import", "onnx", "--model", "minilm", "--onnx", text, "--out", Path.Combine(folder, "out"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{text}: not a valid ONNX model file", error);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
    }

    [Fact]
    public void GraphOfAnotherArchitectureIsReportedWithTheNodeWhereItDiffers()
    {
        // The preprocessing graph is valid ONNX but no ResNet: its input feeds a Split, not a Conv.
        var (code, _, error) = Run("import", "onnx", "--model", "resnet18", "--onnx", BuiltInOnnxModels.ResNetPreprocessPath, "--out", Path.Combine(folder, "out"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(BuiltInOnnxModels.ResNetPreprocessPath, error);
        Assert.Contains("is consumed by [Split]; expected exactly one Conv node", error);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
    }

    [Fact]
    public void NonEmptyOutputFolderIsRefusedBeforeReadingTheModel()
    {
        var outDirectory = Directory.CreateDirectory(Path.Combine(folder, "taken")).FullName;
        File.WriteAllText(Path.Combine(outDirectory, "keep.txt"), "mine");

        var (code, _, error) = Run("import", "onnx", "--model", "minilm", "--out", outDirectory);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("already exists and is not empty", error);
        Assert.Equal(new[] { Path.Combine(outDirectory, "keep.txt") }, Directory.GetFileSystemEntries(outDirectory));
    }

    [Fact]
    public void UnknownModelIsBadInput()
    {
        var (code, _, error) = Run("import", "onnx", "--model", "vit", "--out", Path.Combine(folder, "out"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("vit", error);
    }
}
