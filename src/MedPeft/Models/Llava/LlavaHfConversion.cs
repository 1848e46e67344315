using System.Text.Json.Nodes;
using MedPeft.Data.Images;
using MedPeft.IO;
using MedPeft.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Llava;

/// <summary>
/// Converts a LLaVA checkpoint in the original code's layout into an HF <c>LlavaForConditionalGeneration</c>
/// folder, as transformers' <c>convert_llava_weights_to_hf.py</c> does: HF parameter names (the tower's
/// weights included), the vocabulary grown by <c>&lt;image&gt;</c> (the image token, id V) and <c>&lt;pad&gt;</c>
/// (the new pad token, id V+1) and then padded to a multiple of 64. Unlike that script, which samples the
/// new rows of the input embeddings and of <c>lm_head</c> from a normal around their mean, every new row is
/// the mean of the existing rows, so conversion is deterministic: on the same inputs (the placeholder -200
/// becoming id V) the logits equal the original's in its vocabulary's columns, and each added column is
/// their mean.
/// </summary>
internal static class LlavaHfConversion
{
    public const string ImageToken = "<image>";
    public const string PadToken = "<pad>";
    const int VocabularyMultiple = 64;

    /// <summary>What was written: the folder, the image and pad token ids and the vocabulary size.</summary>
    public sealed record Result(string Directory, int ImageTokenIndex, int PadTokenId, int VocabSize);

    public static Result Convert(string modelFolder, string outFolder)
    {
        using var loaded = HfModelLoader.Load(modelFolder);
        if (loaded is not LlavaForConditionalGeneration { Config.Original: { } original } llava)
            throw new MedPeftException($"{modelFolder}: not a LLaVA checkpoint in the original layout (model_type llava_mistral, llava_llama or llava with mm_* fields); there is nothing to convert.");
        if (llava.Config.ProjectorLinears != 2)
            throw new MedPeftException($"{modelFolder}: mm_projector_type '{original.ProjectorType}' has no HF LlavaForConditionalGeneration counterpart, whose projector is mlp2x_gelu.");
        int vocab = llava.Config.Text.VocabSize, imageId = vocab, padId = vocab + 1;
        int padded = (vocab + 2 + VocabularyMultiple - 1) / VocabularyMultiple * VocabularyMultiple;
        using var scope = NewDisposeScope();
        var tensors = llava.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter.detach());
        foreach (var name in new[] { "language_model.model.embed_tokens.weight", "language_model.lm_head.weight" })
            tensors[name] = WithMeanRows(tensors[name], padded);
        var config = LlavaHfConfigJson.For(llava.Config, padded, imageId, padId);
        AtomicDirectory.Create(outFolder, folder =>
        {
            File.WriteAllText(Path.Combine(folder, HfModelLoader.ConfigFile), config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            SafeTensorsWriter.Save(Path.Combine(folder, CheckpointReader.SingleFile), tensors);
            CopyIfPresent(modelFolder, folder, ModelFolderFiles.SentencePiece);
            CopyIfPresent(original.VisionTowerFolder, folder, PreprocessorConfig.FileName);
            LlavaHfTokenizerFiles.Write(modelFolder, folder, imageId, padId);
        });
        return new Result(outFolder, imageId, padId, padded);
    }

    /// <summary>[rows, width] grown to [<paramref name="rows"/>, width], every new row the mean of the existing ones.</summary>
    static Tensor WithMeanRows(Tensor weight, int rows)
    {
        var mean = weight.mean([0], keepdim: true, type: weight.dtype);
        return torch.cat([weight, mean.expand(rows - weight.shape[0], weight.shape[1])]).contiguous();
    }

    static void CopyIfPresent(string from, string to, string file)
    {
        if (File.Exists(Path.Combine(from, file))) File.Copy(Path.Combine(from, file), Path.Combine(to, file));
    }
}
