using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Peft.Tuners;
using static TorchSharp.torch;

namespace MedPeft.Peft;

/// <summary>Folds an adapter into the base weights and writes an HF-layout checkpoint.</summary>
internal static class AdapterMerge
{
    /// <summary>
    /// Mergeable adapters (LoRA: W += scale·B·A; IA3: rows or columns rescaled) fold in exactly; intrinsic
    /// tuners already changed the model's own tensors. A plan with a tuner that adds computation an HF
    /// checkpoint cannot hold (prefixes, prompts, bottleneck adapters) is refused.
    /// </summary>
    public static void MergeAndUnload(PeftModel peft)
    {
        if (peft.HasUnmergeableParts)
        {
            var tuners = peft.Registry.Tuners;
            throw new MedPeftException(
                $"the plan '{peft.Plan}' uses {string.Join(", ", peft.Applied.Select(a => a.Item.Method).Where(m => !peft.Registry.Get(m).Merges).Distinct())}, " +
                $"which cannot be merged into an HF checkpoint; only {string.Join(", ", tuners.Where(t => t.Merges).Select(t => t.Name))} can.");
        }
        foreach (var adapter in peft.Adapters.OfType<IMergeableAdapter>()) adapter.MergeAndUnload();
    }

    /// <summary>
    /// Writes <c>config.json</c> and <c>model.safetensors</c> (in the layout the model was read from) into a new folder, atomically, with the tokenizer and
    /// preprocessor files of <paramref name="sourceFolder"/> (the base model's folder; null for a built-in configuration)
    /// so that the checkpoint trains and evaluates as its base did.
    /// </summary>
    public static void WriteCheckpoint(IHfModel model, string configJson, string directory, string? sourceFolder)
    {
        // Buffers too: a ResNet image encoder's BatchNorm statistics belong to the checkpoint.
        var tensors = model.Module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.Module.named_buffers())
            .ToDictionary(p => model.CheckpointName(p.Item1), p => p.Item2);
        AtomicDirectory.Create(directory, folder =>
        {
            File.WriteAllText(Path.Combine(folder, HfModelLoader.ConfigFile), configJson);
            SafeTensorsWriter.Save(Path.Combine(folder, Models.Weights.CheckpointReader.SingleFile), tensors);
            if (sourceFolder is null) return;
            foreach (var file in ModelFolderFiles.Companions.Where(f => File.Exists(Path.Combine(sourceFolder, f))))
                File.Copy(Path.Combine(sourceFolder, file), Path.Combine(folder, file));
        });
    }
}
