using MedPeft.Models.Configs;
using MedPeft.Models.Weights;

namespace MedPeft.Models.Llava;

/// <summary>
/// A model folder in the original LLaVA code's layout, read as an HF <c>LlavaForConditionalGeneration</c>:
/// the config with the vision tower's sizes from its CLIP folder (<see cref="VisionTowerLocator"/>), and
/// the weights under HF names, the checkpoint's own over the CLIP folder's (so a tower tuned with the
/// model, saved as <c>model.vision_tower.vision_tower.*</c>, wins).
/// </summary>
internal static class LlavaOriginalFolder
{
    public static LlavaConfig Config(string directory, ConfigObject config)
    {
        var tower = VisionTowerLocator.Find(directory, config);
        return LlavaOriginalConfig.From(config, ConfigObject.Load(Path.Combine(tower, HfModelLoader.ConfigFile)), tower);
    }

    public static CheckpointReader Checkpoint(string directory, LlavaConfig config)
    {
        int linears = config.ProjectorLinears;
        var own = CheckpointReader.Open(directory).Renamed(name => LlavaOriginalNames.ToHf(name, linears));
        var tower = CheckpointReader.Open(config.Original!.VisionTowerFolder).Renamed(LlavaOriginalNames.TowerToHf);
        return own.Over(tower);
    }
}
