using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models.Onnx;

/// <summary>Reads the binary PPM (P6) test images of TestData/Models/Onnx.</summary>
public static class TestImages
{
    public static string Folder => TestData.Path("Models", "Onnx");

    /// <summary>[3, H, W] float32 RGB in 0–255.</summary>
    public static Tensor ReadPpm(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name));
        var fields = new List<string>();
        int position = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)bytes[position])) position++;
            int start = position;
            while (!char.IsWhiteSpace((char)bytes[position])) position++;
            fields.Add(System.Text.Encoding.ASCII.GetString(bytes, start, position - start));
        }
        position++; // the single whitespace byte after the maximum value
        Assert.Equal("P6", fields[0]);
        int width = int.Parse(fields[1]), height = int.Parse(fields[2]);
        Assert.Equal("255", fields[3]);
        var pixels = torch.tensor(bytes[position..(position + width * height * 3)], ScalarType.Byte);
        return pixels.reshape(height, width, 3).permute(2, 0, 1).to_type(ScalarType.Float32).contiguous();
    }
}
