using System.Globalization;
using System.Text.Json;
using MedPeft.Data.Datasets.Pickle;

namespace MedPeft.Tests.Data.Datasets;

public class PickleReaderTests
{
    static string File(string name) => TestData.Path("Datasets", "pickles", name);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void PlainValuesMatchWhatPythonPickled(int protocol)
    {
        var value = PickleReader.Read(File($"values_p{protocol}.pkl"));
        var expected = TestData.Json("Datasets", "pickles", "values.json");
        Assert.Equal(Canonical(expected), Canonical(value));
    }

    [Fact]
    public void ObjectsAreRefusedWithoutRunningAnything()
    {
        var error = Assert.Throws<MedPeftException>(() => PickleReader.Read(File("object.pkl")));
        Assert.Contains("object.pkl", error.Message);
        Assert.Contains("Python object", error.Message);
    }

    [Fact]
    public void TruncatedPickleIsReported()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("medpeft-pkl-").FullName, "cut.pkl");
        System.IO.File.WriteAllBytes(path, System.IO.File.ReadAllBytes(File("values_p4.pkl"))[..500]);
        var error = Assert.Throws<MedPeftException>(() => PickleReader.Read(path));
        Assert.Contains("truncated", error.Message);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    /// <summary>One text form for a JSON value and a pickled value: numbers in invariant round-trip form, keys sorted.</summary>
    static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}:{Canonical(p.Value)}")) + "}",
        JsonValueKind.Number => e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String => "s:" + e.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    static string Canonical(object? v) => v switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => "s:" + s,
        long l => ((double)l).ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        System.Numerics.BigInteger big => "s:" + big.ToString(CultureInfo.InvariantCulture), // values.json holds it as text
        Dictionary<object, object?> dict => "{" + string.Join(",", dict.OrderBy(p => (string)p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Canonical(p.Value)}")) + "}",
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Canonical)) + "]",
        _ => throw new InvalidOperationException(v.GetType().Name),
    };
}
