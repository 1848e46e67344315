using MedPeft.IO;
using MedPeft.Models;
using static TorchSharp.torch;

namespace MedPeft.Peft;

/// <summary>Folds an adapter into the base weights and writes an HF-layout checkpoint.</summary>
internal static class AdapterMerge
{
    /// <summary>
    /// LoRA (W += scale·B·A) and IA3 (rows or columns rescaled) merge exactly; intrinsic methods already
    /// changed the model's own tensors. Prefixes, prompts and bottleneck adapters add computation that an
    /// HF checkpoint cannot hold, so a plan with them is refused.
    /// </summary>
    public static void MergeAndUnload(PeftModel peft)
    {
        if (peft.HasUnmergeableParts)
            throw new MedPeftException(
                $"the plan '{peft.Plan}' adds prefix/prompt tokens or bottleneck adapters, which cannot be merged into an HF checkpoint; only LoRA, IA3 and the intrinsic methods (ln, ffn, attn, bitfit, full) can.");
        foreach (var lora in peft.LoraAdapters.ToList()) lora.MergeAndUnload();
        foreach (var ia3 in peft.Ia3Adapters.ToList()) ia3.MergeAndUnload();
    }

    /// <summary>
    /// Writes <c>config.json</c> and <c>model.safetensors</c> into a new folder, atomically, with the tokenizer and
    /// preprocessor files of <paramref name="sourceFolder"/> (the base model's folder; null for a built-in configuration)
    /// so that the checkpoint trains and evaluates as its base did.
    /// </summary>
    public static void WriteCheckpoint(IHfModel model, string configJson, string directory, string? sourceFolder)
    {
        // Buffers too: a ResNet image encoder's BatchNorm statistics belong to the checkpoint.
        var tensors = model.Module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.Module.named_buffers())
            .ToDictionary(p => p.Item1, p => p.Item2);
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
