using MedPeft.Data.Images;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Llava;
using static TorchSharp.torch;

namespace MedPeft.Parity;

/// <summary>
/// A reference case of a LLaVA model in the original code's layout (the fixtures' <c>llava_med_original/</c>):
/// the model in <c>model/</c>, its CLIP vision tower in <c>vision_tower/</c>, the usual inputs and outputs,
/// and optionally an image (<c>image.png</c>) with the pixel values its preprocessing gives
/// (<c>preprocess.safetensors</c>), compared as <c>preprocess pixel_values</c>.
/// </summary>
internal static class LlavaOriginalParity
{
    public const string ModelFolder = "model";
    public const string VisionTowerFolder = "vision_tower";
    public const string ImageFile = "image.png";
    public const string PreprocessFile = "preprocess.safetensors";
    const string PixelValues = "pixel_values";

    public static bool IsCase(string caseDirectory) => File.Exists(Path.Combine(caseDirectory, ModelFolder, HfModelLoader.ConfigFile));

    public static ParityReport Run(string caseDirectory, string name, SafeTensorsFile inputs, SafeTensorsFile expected, double tolerance)
    {
        var tower = Path.Combine(caseDirectory, VisionTowerFolder);
        using var choice = Directory.Exists(tower) ? VisionTowerLocator.Use(tower) : null;
        var modelFolder = Path.Combine(caseDirectory, ModelFolder);
        using var model = HfModelLoader.Load(modelFolder);
        var (outputs, main) = ModelParity.Run(model, inputs, expected);
        var report = ParityComparer.Compare(name, model.Architecture, expected, outputs, main, tolerance);
        var image = Path.Combine(caseDirectory, ImageFile);
        var preprocess = Path.Combine(caseDirectory, PreprocessFile);
        if (model is not LlavaForConditionalGeneration llava || !File.Exists(image) || !File.Exists(preprocess)) return report;
        using var pixels = new ImagePipeline(LlavaImagePreprocessing.For(llava, modelFolder)).Process(ImageLoader.Load(image)).unsqueeze(0);
        var produced = new Dictionary<string, Tensor> { [PixelValues] = pixels };
        return report.Including("preprocess ", ParityComparer.Compare(name, "preprocessing", SafeTensorsFile.Open(preprocess), produced, [PixelValues], tolerance));
    }
}
