using System.Text.Json;
using SkiaSharp;

namespace MedPeft.Tests.Data.BuiltIn;

/// <summary>Reads back what a built-in dataset build wrote, with no help from the code that wrote it.</summary>
static class BuiltInTestData
{
    public sealed record Row(string Id, string Image, string Question, string Answer, string AnswerType, string QuestionType, string Split);

    public static readonly string[] Splits = ["train", "validation", "test"];

    public static List<Row> Rows(string directory) =>
        Splits.SelectMany(split => File.ReadLines(Path.Combine(directory, $"{split}.jsonl")).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(6, root.EnumerateObject().Count());
            string Field(string name) => root.GetProperty(name).GetString()!;
            return new Row(Field("id"), Field("image"), Field("question"), Field("answer"), Field("answer_type"), Field("question_type"), split);
        })).ToList();

    /// <summary>(report split name, id, image file, report) for every entry of annotation.json.</summary>
    public static List<(string Split, string Id, string Image, string Report)> Reports(string directory)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "annotation.json")));
        return json.RootElement.EnumerateObject().SelectMany(split => split.Value.EnumerateArray().Select(entry =>
        {
            Assert.Equal(split.Name, entry.GetProperty("split").GetString());
            var images = entry.GetProperty("image_path").EnumerateArray().Select(p => p.GetString()!).ToList();
            return (split.Name, entry.GetProperty("id").GetString()!, Assert.Single(images), entry.GetProperty("report").GetString()!);
        })).ToList();
    }

    /// <summary>Gray values of a PNG, checking it is square and 8-bit grayscale or RGB with equal channels.</summary>
    public static byte[] Pixels(string path, int size)
    {
        using var codec = SKCodec.Create(path);
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
        Assert.Equal(size, codec.Info.Width);
        Assert.Equal(size, codec.Info.Height);
        using var bitmap = SKBitmap.Decode(path);
        var pixels = new byte[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var color = bitmap.GetPixel(x, y);
                pixels[y * size + x] = color.Red;
            }
        return pixels;
    }

    /// <summary>Every file of a folder, relative path to bytes.</summary>
    public static SortedDictionary<string, byte[]> Files(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(directory, path), File.ReadAllBytes), StringComparer.Ordinal);
}
