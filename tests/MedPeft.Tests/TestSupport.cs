using System.Text.Json;
using MedPeft.Cli;

namespace MedPeft.Tests;

/// <summary>Paths of the test data (tests/MedPeft.Tests/TestData/...) copied next to the test assembly.</summary>
public static class TestData
{
    public static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static JsonElement Json(params string[] parts) =>
        JsonDocument.Parse(File.ReadAllText(Path(parts))).RootElement;

    public static string HfCase(string name) => Path("Fixtures", "hf", name);
}

/// <summary>Runs the <c>medpeft</c> command line in-process and captures what it prints.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}

/// <summary>A temporary folder deleted when the test ends.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("medpeft-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
