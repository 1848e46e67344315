using MedPeft.Data.Images;

namespace MedPeft.Models.Llava;

/// <summary>
/// The image preprocessing of a LLaVA model: the <c>preprocessor_config.json</c> of its folder (HF layout)
/// or of its vision tower's folder (the original layout, whose code loads the tower's CLIP processor),
/// else CLIP's at the tower's image size; padded to a square first when the config says
/// <c>image_aspect_ratio: pad</c>.
/// </summary>
internal static class LlavaImagePreprocessing
{
    public static ImagePreprocessing For(LlavaForConditionalGeneration llava, string modelFolder)
    {
        int size = llava.Config.Vision.ImageSize;
        var original = llava.Config.Original;
        var preprocessing = PreprocessorConfig.ForModel(original?.VisionTowerFolder ?? modelFolder, ImagePreprocessing.Clip(size, size));
        return preprocessing with { PadToSquare = original?.PadToSquare ?? false };
    }
}
