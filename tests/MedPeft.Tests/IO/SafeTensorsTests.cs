using MedPeft.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.IO;

public class SafeTensorsTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-st-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void RoundTripKeepsValuesShapesAndDtypes()
    {
        var path = Path.Combine(folder, "t.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.weight"] = torch.arange(6, dtype: ScalarType.Float32).reshape(2, 3),
            ["ids"] = torch.tensor(new long[] { 5, -100, 7 }),
            ["half"] = torch.tensor(new float[] { 1.5f, -2.25f }).to_type(ScalarType.BFloat16),
            ["scalar"] = torch.tensor(3.5f),
        };
        SafeTensorsWriter.Save(path, tensors);

        var file = SafeTensorsFile.Open(path);
        Assert.Equal(new long[] { 2, 3 }, file.Entries["a.weight"].Shape);
        Assert.Equal("BF16", file.Entries["half"].DType);
        Assert.Empty(file.Entries["scalar"].Shape);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, file.Read("a.weight").data<float>().ToArray());
        Assert.Equal(new long[] { 5, -100, 7 }, file.Read("ids").data<long>().ToArray());
        Assert.Equal(new[] { 1.5f, -2.25f }, file.Read("half", ScalarType.Float32).data<float>().ToArray());
        Assert.Equal(3.5f, file.Read("scalar").item<float>());
        Assert.Equal(0, BitConverter.ToInt64(File.ReadAllBytes(path), 0) % 8); // the header is padded to 8 bytes
    }

    [Fact]
    public void TruncatedFileIsReportedWithItsPath()
    {
        var path = Path.Combine(folder, "cut.safetensors");
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(64) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        var error = Assert.Throws<MedPeftException>(() => SafeTensorsFile.Open(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void GarbageHeaderIsReported()
    {
        var path = Path.Combine(folder, "bad.safetensors");
        File.WriteAllBytes(path, BitConverter.GetBytes(4UL).Concat("{no}"u8.ToArray()).ToArray());
        var error = Assert.Throws<MedPeftException>(() => SafeTensorsFile.Open(path));
        Assert.Contains("not valid JSON", error.Message);
    }
}
