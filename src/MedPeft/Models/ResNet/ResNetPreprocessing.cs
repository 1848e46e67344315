using MedPeft.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.ResNet;

/// <summary>
/// The input transform the CNTK-trained ResNet weights expect (ML.NET's <c>ResNetPreprocess.onnx</c>):
/// RGB pixel values in 0–255, channels reversed to BGR, minus a per-pixel mean image (not a
/// per-channel mean, and no division by a standard deviation).
/// </summary>
/// <param name="MeanImage">[3, size, size] in BGR order, in 0–255 units.</param>
internal sealed record ResNetPreprocessing(Tensor MeanImage)
{
    /// <summary>The file, next to the model's weights, that holds <see cref="MeanImage"/>.</summary>
    public const string FileName = "preprocessor.safetensors";
    const string MeanImageName = "mean_image_bgr";

    /// <summary>Side of the square images the mean image fits.</summary>
    public long ImageSize => MeanImage.shape[^1];

    /// <summary>[B, 3, size, size] (or [3, size, size]) RGB in 0–255 → BGR minus the mean image, the encoder's input.</summary>
    public Tensor Apply(Tensor rgb)
    {
        if (rgb.dim() < 3 || rgb.shape[^3] != 3 || rgb.shape[^2] != ImageSize || rgb.shape[^1] != ImageSize)
            throw new ArgumentException($"expected RGB images of shape [B, 3, {ImageSize}, {ImageSize}], got [{string.Join(", ", rgb.shape)}]");
        using var scope = NewDisposeScope();
        var bgr = rgb.to_type(MeanImage.dtype).flip(-3);
        return (bgr - MeanImage).MoveToOuterDisposeScope();
    }

    public void Save(string directory) =>
        SafeTensorsWriter.Save(Path.Combine(directory, FileName), new Dictionary<string, Tensor> { [MeanImageName] = MeanImage },
            new Dictionary<string, string> { ["format"] = "pt", ["input"] = "RGB 0-255", ["transform"] = "reverse channels to BGR, subtract mean_image_bgr" });

    public static ResNetPreprocessing Load(string directory)
    {
        var file = SafeTensorsFile.Open(Path.Combine(directory, FileName));
        if (!file.Entries.TryGetValue(MeanImageName, out var entry) || entry.Shape.Length != 3 || entry.Shape[0] != 3 || entry.Shape[1] != entry.Shape[2])
            throw new MedPeftException($"{file.Path}: expected a tensor '{MeanImageName}' of shape [3, size, size].");
        return new ResNetPreprocessing(file.Read(MeanImageName, ScalarType.Float32));
    }
}
