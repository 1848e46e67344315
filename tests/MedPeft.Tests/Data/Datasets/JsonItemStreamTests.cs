using System.Text;
using MedPeft.Data.Datasets.Json;

namespace MedPeft.Tests.Data.Datasets;

public class JsonItemStreamTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-json-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ItemsAcrossBufferBoundariesAndLargerThanTheBufferAreRead()
    {
        // 3000 small items cross many 64 KiB refills; one 300 KB item forces the buffer to grow.
        var path = Path.Combine(folder, "big.json");
        var text = new StringBuilder("[\n");
        for (int i = 0; i < 3000; i++) text.Append($"  {{\"qid\": {i}, \"answer\": \"answer number {i}\"}},\n");
        text.Append($"  {{\"qid\": 3000, \"answer\": \"{new string('x', 300_000)}\"}}\n]");
        File.WriteAllText(path, text.ToString());

        var seen = new List<(int Index, int Qid, int Length)>();
        JsonItemStream.Read(path, (group, index, item) =>
        {
            Assert.Null(group);
            seen.Add((index, item.GetProperty("qid").GetInt32(), item.GetProperty("answer").GetString()!.Length));
        });
        Assert.Equal(3001, seen.Count);
        Assert.All(seen, s => Assert.Equal(s.Index, s.Qid));
        Assert.Equal(300_000, seen[^1].Length);
        Assert.Equal("answer number 1234".Length, seen[1234].Length);
    }

    [Fact]
    public void GroupsOfATopLevelObjectAreNamedAndOtherPropertiesSkipped()
    {
        var path = Path.Combine(folder, "annotation.json");
        File.WriteAllText(path, """{"meta": {"a": [1, 2]}, "train": [{"id": "a"}, {"id": "b"}], "count": 3, "test": [{"id": "c"}], "val": []}""");
        var seen = new List<string>();
        JsonItemStream.Read(path, (group, index, item) => seen.Add($"{group}:{index}:{item.GetProperty("id").GetString()}"));
        Assert.Equal(["train:0:a", "train:1:b", "test:0:c"], seen);
    }

    [Fact]
    public void MalformedJsonThrowsAfterTheItemsBeforeIt()
    {
        var path = Path.Combine(folder, "bad.json");
        File.WriteAllText(path, "[\n{\"id\": 1},\n{\"id\": 2},\n{\"id\": }\n]");
        int count = 0;
        var error = Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonItemStream.Read(path, (_, _, _) => count++));
        Assert.Equal(2, count);
        Assert.Equal(3, error.LineNumber); // 0-based: the fourth line
    }
}
