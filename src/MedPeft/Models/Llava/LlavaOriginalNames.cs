namespace MedPeft.Models.Llava;

/// <summary>
/// Parameter names of the original LLaVA code's checkpoints and HF's <c>LlavaForConditionalGeneration</c>,
/// mapped as transformers' <c>convert_llava_weights_to_hf.py</c> maps them: <c>model.*</c> and
/// <c>lm_head.*</c> go under <c>language_model.</c>, the projector's <c>model.mm_projector.&lt;2i&gt;</c> (its
/// Linear layers; the odd indices are the parameterless GELUs, and a <c>linear</c> projector is one bare
/// Linear) becomes <c>multi_modal_projector.linear_&lt;i+1&gt;</c>, and a tuned tower's
/// <c>model.vision_tower.vision_tower.*</c> becomes <c>vision_tower.*</c>.
/// </summary>
internal static class LlavaOriginalNames
{
    const string Tower = "model.vision_tower.vision_tower.";
    const string Projector = "model.mm_projector.";
    const string HfTower = "vision_tower.";
    const string HfProjector = "multi_modal_projector.";
    const string HfLanguage = "language_model.";

    /// <summary>The HF name of a tensor of an original checkpoint; a name of no known part is returned unchanged.</summary>
    public static string ToHf(string name, int projectorLinears)
    {
        if (name.StartsWith(Tower, StringComparison.Ordinal)) return HfTower + name[Tower.Length..];
        if (name.StartsWith(Projector, StringComparison.Ordinal))
        {
            var rest = name[Projector.Length..];
            if (projectorLinears == 1) return HfProjector + LlavaProjector.LinearName(0) + "." + rest;
            int dot = rest.IndexOf('.');
            return dot > 0 && int.TryParse(rest[..dot], out int index) && index % 2 == 0 && index / 2 < projectorLinears
                ? HfProjector + LlavaProjector.LinearName(index / 2) + rest[dot..]
                : name;
        }
        if (name.StartsWith("model.", StringComparison.Ordinal) || name.StartsWith("lm_head.", StringComparison.Ordinal)) return HfLanguage + name;
        return name;
    }

    /// <summary>The original checkpoint's name of an HF parameter name (the inverse of <see cref="ToHf"/>).</summary>
    public static string ToOriginal(string hfName, int projectorLinears)
    {
        if (hfName.StartsWith(HfTower, StringComparison.Ordinal)) return Tower + hfName[HfTower.Length..];
        if (hfName.StartsWith(HfLanguage, StringComparison.Ordinal)) return hfName[HfLanguage.Length..];
        if (hfName.StartsWith(HfProjector, StringComparison.Ordinal))
        {
            var rest = hfName[HfProjector.Length..];
            for (int i = 0; i < projectorLinears; i++)
            {
                var linear = LlavaProjector.LinearName(i) + ".";
                if (rest.StartsWith(linear, StringComparison.Ordinal))
                    return Projector + (projectorLinears == 1 ? "" : $"{2 * i}.") + rest[linear.Length..];
            }
        }
        return hfName;
    }

    /// <summary>The HF name of a tensor of a CLIP folder (<c>CLIPModel</c> or <c>CLIPVisionModel</c>); null for the parts a LLaVA model does not use.</summary>
    public static string? TowerToHf(string name) =>
        name.StartsWith("vision_model.", StringComparison.Ordinal) ? HfTower + name : null;
}
