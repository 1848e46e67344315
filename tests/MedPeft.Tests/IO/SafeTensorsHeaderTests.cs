using System.Text;
using MedPeft.IO;

namespace MedPeft.Tests.IO;

/// <summary>
/// Headers that are valid JSON but not a valid safetensors structure: each is one <see cref="MedPeftException"/>
/// naming the file and what is wrong (the first three crashed <c>inspect --model</c> before it checked <c>__metadata__</c>).
/// </summary>
public class SafeTensorsHeaderTests
{
    const string Weight = "\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}";

    /// <summary>A file with <paramref name="header"/> and <paramref name="dataBytes"/> zero bytes of data.</summary>
    static string Write(TemporaryFolder folder, string header, int dataBytes = 8)
    {
        var path = folder.File("model.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[dataBytes]]);
        return path;
    }

    [Theory]
    [InlineData("{\"__metadata__\": 5, " + Weight + "}", "'__metadata__' is a number; expected an object of strings")]
    [InlineData("{\"__metadata__\": \"pt\", " + Weight + "}", "'__metadata__' is a string; expected an object of strings")]
    [InlineData("{\"__metadata__\": null, " + Weight + "}", "'__metadata__' is null; expected an object of strings")]
    [InlineData("{\"__metadata__\": {\"format\": 1}, " + Weight + "}", "'__metadata__' field 'format' is a number; expected a string")]
    [InlineData("{\"__metadata__\": {}, \"__metadata__\": {}, " + Weight + "}", "the header has '__metadata__' twice")]
    [InlineData("{\"w\": [1, 2]}", "tensor 'w' is an array; expected an object with dtype, shape and data_offsets")]
    [InlineData("{\"w\": {\"dtype\": 4, \"shape\": [2], \"data_offsets\": [0, 8]}}", "tensor 'w' field 'dtype' is a number; expected a string")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 8]}}", "tensor 'w' has no 'shape'")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": \"2\", \"data_offsets\": [0, 8]}}", "tensor 'w' field 'shape' is a string; expected an array")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 8]}}", "tensor 'w' field 'shape' holds 1.5; expected non-negative integers")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [-2, -1], \"data_offsets\": [0, 8]}}", "tensor 'w' field 'shape' holds -2")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 8]}}", "has more elements than any file can hold")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 0]}}", "field 'data_offsets' is [8, 0]; expected [begin, end]")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8, 16]}}", "field 'data_offsets' is [0, 8, 16]")]
    [InlineData("{\"w\": {\"dtype\": \"Q4\", \"shape\": [2], \"data_offsets\": [0, 8]}}", "tensor 'w' has dtype 'Q4'; supported:")]
    [InlineData("{" + Weight + ", \"v\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", "tensors 'w' and 'v' overlap")]
    [InlineData("{" + Weight + ", " + Weight + "}", "tensor 'w' is listed twice")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", "the tensors need 16 data bytes but the file holds 8 (truncated)")]
    public void AStructuralProblemIsOneErrorNamingFileAndField(string header, string expected)
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, header);
        var error = Assert.Throws<MedPeftException>(() => SafeTensorsFile.Open(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AHeaderThatIsNotUtf8IsOneError()
    {
        // Found by the fuzzer (SafeTensorsFuzzTests, case 18067): invalid UTF-8 inside a tensor name reached the
        // JSON reader's name decoding as an InvalidOperationException.
        using var folder = new TemporaryFolder();
        var path = folder.File("model.safetensors");
        byte[] json = [.. "{\"w"u8, 0xC3, 0x28, .. "\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}"u8];
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[8]]);
        var error = Assert.Throws<MedPeftException>(() => SafeTensorsFile.Open(path));
        Assert.Contains($"{path}: not a valid safetensors file: the header is not valid UTF-8 text", error.Message);
    }

    [Fact]
    public void MetadataOfStringsAndEmptyTensorsAreAccepted()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "{\"__metadata__\": {\"format\": \"pt\"}, " + Weight +
            ", \"empty\": {\"dtype\": \"F32\", \"shape\": [0, 3], \"data_offsets\": [8, 8]}, \"e2\": {\"dtype\": \"I8\", \"shape\": [0], \"data_offsets\": [8, 8]}}");
        var file = SafeTensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal([0L, 3L], file.Entries["empty"].Shape);
        Assert.Equal([0f, 0f], file.Read("w").data<float>().ToArray());
    }

    [Fact]
    public void InspectOfAModelWithBadMetadataExitsTwoNamingTheFile()
    {
        using var folder = new TemporaryFolder();
        var model = Directory.CreateDirectory(folder.File("model")).FullName;
        File.WriteAllText(Path.Combine(model, "config.json"), """
            {"model_type": "blip", "architectures": ["BlipForQuestionAnswering"],
             "vision_config": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 4, "image_size": 32, "patch_size": 16},
             "text_config": {"vocab_size": 16, "hidden_size": 32, "encoder_hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 4}}
            """);
        var weights = Path.Combine(model, "model.safetensors");
        var json = Encoding.UTF8.GetBytes("{\"__metadata__\": 5}");
        File.WriteAllBytes(weights, [.. BitConverter.GetBytes((ulong)json.Length), .. json]);

        var result = CliRunner.Run("inspect", "--model", model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{weights}: not a valid safetensors file: '__metadata__' is a number", result.Error);
    }
}
