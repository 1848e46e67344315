using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using MedPeft.Data.Text;
using MedPeft.Models;
using MedPeft.Models.Blip;
using MedPeft.Models.Llava;

namespace MedPeft.Tasks;

/// <summary>
/// Puts a loaded model to a task, with the tokenizer and image preprocessing of its folder:
/// <c>vocab.txt</c> for BLIP, <c>tokenizer.model</c> for LLaVA, and <c>preprocessor_config.json</c> when present
/// (else the family's defaults; an original-layout LLaVA's is its vision tower's, see <see cref="LlavaImagePreprocessing"/>).
/// </summary>
internal static class TaskModelFactory
{
    /// <param name="modelFolder">Where the tokenizer and preprocessor files are.</param>
    /// <param name="template">LLaVA conversation template; null = llava-1.5 for LLaMA, mistral-instruct for Mistral.</param>
    public static ITaskModel Create(IHfModel model, string modelFolder, DatasetTask task, int seed, bool augment, string? template = null)
    {
        var augmentation = augment ? ImageAugmentation.Default : null;
        return model switch
        {
            BlipForQuestionAnswering blip => new BlipTaskModel(blip, Fitting(BertWordPiece.Load(Required(modelFolder, ModelFolderFiles.BertVocab, "a BERT WordPiece vocabulary")),
                    t => (t.VocabPath, t.TokenCount), blip.Config.Text.VocabSize),
                PreprocessorConfig.ForModel(modelFolder, ImagePreprocessing.Blip(blip.Config.ImageSize)), task, seed, augmentation),
            LlavaForConditionalGeneration llava => new LlavaTaskModel(llava, Fitting(LlamaSentencePiece.Load(Required(modelFolder, ModelFolderFiles.SentencePiece, "a SentencePiece model")),
                    t => (t.ModelPath, t.TokenCount), llava.Config.Text.VocabSize),
                template is null ? (llava.Config.Text.ModelType == "mistral" ? ConversationTemplate.MistralInstruct : ConversationTemplate.Llava15) : ConversationTemplate.ByName(template),
                LlavaImagePreprocessing.For(llava, modelFolder), task, seed, augmentation),
            _ => throw new MedPeftException($"{model.Architecture} is not a vision-language model MedPeft can train on VQA or reports; use a blip or llava model."),
        };
    }

    /// <summary>
    /// The tokenizer, when the model has an embedding for every id it gives: an id beyond the model's vocab_size would
    /// fail in LibTorch's lookup in the middle of a run.
    /// </summary>
    static T Fitting<T>(T tokenizer, Func<T, (string Path, int Tokens)> describe, int vocabSize)
    {
        var (path, tokens) = describe(tokenizer);
        return tokens <= vocabSize ? tokenizer
            : throw new MedPeftException($"{path}: {tokens} tokens, but the model's vocab_size is {vocabSize}; ids from {vocabSize} on have no embedding.");
    }

    static string Required(string folder, string file, string what)
    {
        var path = Path.Combine(folder, file);
        return File.Exists(path) ? path : throw new MedPeftException($"{folder}: no {file} ({what}) next to the model; it is needed to turn text into token ids.");
    }
}
