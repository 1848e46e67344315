using System.Text.RegularExpressions;

namespace MedPeft.Models.Configs;

/// <summary>
/// What a checkpoint of the original LLaVA code (<c>LlavaMistralForCausalLM</c>, <c>LlavaLlamaForCausalLM</c>)
/// carries besides the HF model: its own <c>model_type</c> and class name, the projector type it was
/// saved with, the CLIP folder its vision tower came from and whether images are padded to a square
/// (<c>image_aspect_ratio: pad</c>).
/// </summary>
internal sealed record LlavaOriginalLayout(string ModelType, string Architecture, string ProjectorType, string VisionTowerFolder, bool PadToSquare);

/// <summary>
/// Reads a <c>config.json</c> of the original LLaVA / LLaVA-Med code (github.com/haotian-liu/LLaVA,
/// microsoft/LLaVA-Med: <c>llava_arch.py</c>, <c>multimodal_projector/builder.py</c>,
/// <c>multimodal_encoder/clip_encoder.py</c>) into an <see cref="LlavaConfig"/>: the text model's fields at
/// the top level (with HF's Mistral / LLaMA defaults), the <c>mm_*</c> fields, and the vision tower's
/// sizes from the CLIP folder's own config. Settings that change the computation in ways MedPeft does
/// not implement are refused, naming the field.
/// </summary>
internal static class LlavaOriginalConfig
{
    /// <summary><c>IMAGE_TOKEN_INDEX</c> of the original code's <c>constants.py</c>: the image's place in <c>input_ids</c>, outside the vocabulary.</summary>
    public const int ImageTokenIndex = -200;

    /// <summary>
    /// True for <c>llava_mistral</c> and <c>llava_llama</c>, and for <c>llava</c> (the original code's older
    /// name) when the config has <c>mm_*</c> fields and no HF <c>vision_config</c>.
    /// </summary>
    public static bool Is(ConfigObject c) => c.OptionalString("model_type") switch
    {
        "llava_mistral" or "llava_llama" => true,
        "llava" => !c.Has("vision_config") && (c.Has("mm_vision_tower") || c.Has("mm_projector_type") || c.Has("mm_hidden_size")),
        _ => false,
    };

    /// <summary>The name of the CLIP model the vision tower is loaded from (an HF hub id or a path), or null when absent.</summary>
    public static string? VisionTowerName(ConfigObject c) => c.OptionalString("mm_vision_tower") ?? c.OptionalString("vision_tower");

    /// <param name="c">The model's <c>config.json</c>.</param>
    /// <param name="tower">The vision tower's <c>config.json</c>: a <c>CLIPModel</c> (its <c>vision_config</c> is used) or a <c>CLIPVisionModel</c>.</param>
    /// <param name="towerFolder">The folder <paramref name="tower"/> was read from.</param>
    public static LlavaConfig From(ConfigObject c, ConfigObject tower, string towerFolder)
    {
        string type = c.String("model_type", "llava");
        var text = LlamaConfig.From(c, type == "llava_mistral" ? "mistral" : "llama");
        Refuse(c, c.Bool("mm_use_im_start_end", false), "mm_use_im_start_end is true: image start/end tokens around the image are not supported; expected false");
        string merge = c.String("mm_patch_merge_type", "flat");
        Refuse(c, merge != "flat", $"mm_patch_merge_type '{merge}' is not supported; expected 'flat'");
        string aspect = c.String("image_aspect_ratio", "square");
        Refuse(c, aspect is not ("pad" or "square"), $"image_aspect_ratio '{aspect}' is not supported; expected 'pad' or 'square'");
        string feature = c.String("mm_vision_select_feature", "patch");
        Refuse(c, feature is not ("patch" or "cls_patch"), $"mm_vision_select_feature '{feature}' is not supported; expected 'patch' or 'cls_patch'");
        string projector = c.String("mm_projector_type", "linear");
        int linears = ProjectorLinears(projector)
            ?? throw new MedPeftException($"{c.Source}: mm_projector_type '{projector}' is not supported; expected 'linear' or 'mlp<N>x_gelu' (e.g. mlp2x_gelu).");

        var vision = VisionTransformerConfig.ClipFrom(VisionPart(tower));
        int mmHidden = c.Int("mm_hidden_size", vision.HiddenSize);
        if (mmHidden != vision.HiddenSize)
            throw new MedPeftException($"{c.Source}: mm_hidden_size ({mmHidden}) differs from the vision tower's hidden_size ({vision.HiddenSize}, {tower.Source}); is it the CLIP model the checkpoint was trained with?");
        // The original code's ModelArguments default for the layer is -1, the last hidden state.
        int layer = LlavaConfig.CheckedFeatureLayer(c.Source, "mm_vision_select_layer", c.Int("mm_vision_select_layer", -1), vision);
        var layout = new LlavaOriginalLayout(type, c.FirstOfList("architectures") ?? DefaultArchitecture(type), projector, towerFolder, aspect == "pad");
        return new LlavaConfig(vision, text, ImageTokenIndex, -100, "gelu", ProjectorBias: true, layer,
            feature == "patch" ? "default" : "full", text.PadTokenId, linears, layout);
    }

    /// <summary>The Linear layers of a projector type: 1 for <c>linear</c>, N for <c>mlp&lt;N&gt;x_gelu</c>; null for any other.</summary>
    public static int? ProjectorLinears(string projectorType)
    {
        if (projectorType == "linear") return 1;
        var match = MlpGelu.Match(projectorType);
        return match.Success && int.TryParse(match.Groups[1].Value, out int depth) && depth >= 1 ? depth : null;
    }

    static ConfigObject VisionPart(ConfigObject tower) => tower.OptionalString("model_type") switch
    {
        "clip" => tower.Nested("vision_config") ?? new ConfigObject(new(), $"{tower.Source} (vision_config)"),
        "clip_vision_model" => tower,
        var other => throw new MedPeftException(
            $"{tower.Source}: model_type '{other}' is not a CLIP model; the vision tower must be a CLIPModel ('clip') or CLIPVisionModel ('clip_vision_model') folder."),
    };

    static string DefaultArchitecture(string type) => type == "llava_mistral" ? "LlavaMistralForCausalLM" : "LlavaLlamaForCausalLM";

    static void Refuse(ConfigObject c, bool refused, string problem)
    {
        if (refused) throw new MedPeftException($"{c.Source}: {problem}.");
    }

    static readonly Regex MlpGelu = new(@"^mlp(\d+)x_gelu$", RegexOptions.CultureInvariant);
}
