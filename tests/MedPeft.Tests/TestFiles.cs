using System.Text.Json;

namespace MedPeft.Tests;

/// <summary>Paths of the test data copied next to the test assembly (tests/MedPeft.Tests/Data/...).</summary>
static class TestFiles
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Data", .. parts]);

    public static JsonElement Json(params string[] parts) =>
        JsonDocument.Parse(File.ReadAllText(Path(parts))).RootElement;
}
