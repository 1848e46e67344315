using MedPeft.Data.Batching;
using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using MedPeft.Data.Text;
using MedPeft.Generation;
using MedPeft.Models;
using MedPeft.Models.Blip;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tasks;

/// <summary>
/// BLIP/MISS-style VQA and report generation: the question (or a fixed report prompt) goes to the
/// text encoder, the answer is decoded from [bos]; generation uses beam search (3 beams, 10 tokens for
/// answers, as the study's MISS code does).
/// </summary>
internal sealed class BlipTaskModel : ITaskModel
{
    readonly BlipForQuestionAnswering model;
    readonly BertWordPiece tokenizer;
    readonly BlipBatchBuilder trainBatches, evalBatches;
    readonly BlipTokens tokens;
    // Image embeddings by file, while the image encoder is frozen and images are not augmented.
    readonly Dictionary<string, Tensor> frozenImageEmbeds = new(StringComparer.Ordinal);

    public BlipTaskModel(BlipForQuestionAnswering model, BertWordPiece tokenizer, ImagePreprocessing preprocessing, DatasetTask task, int seed, ImageAugmentation? augmentation)
    {
        this.model = model;
        this.tokenizer = tokenizer;
        Task = task;
        var text = model.Config.Text;
        tokens = new BlipTokens(text.BosTokenId, text.SepTokenId, text.PadTokenId);
        var options = BlipTextOptions.For(task);
        trainBatches = new BlipBatchBuilder(tokenizer, tokens, new ImagePipeline(preprocessing, augmentation, seed), options);
        evalBatches = new BlipBatchBuilder(tokenizer, tokens, new ImagePipeline(preprocessing, null, seed), options);
    }

    public IHfModel Model => model;
    public DatasetTask Task { get; }
    public GenerationSettings DefaultGeneration => new(3, Task == DatasetTask.Report ? 100 : 10);

    public Tensor Loss(IReadOnlyList<DatasetRow> rows, IReadOnlyList<int> indices, int epoch, bool augment)
    {
        using var scope = NewDisposeScope();
        using var batch = (augment ? trainBatches : evalBatches).Build(rows, indices, epoch);
        var device = DeviceOf();
        var (question, mask) = EncodeQuestions(batch, rows, indices, reuseFrozen: !augment);
        var (_, loss) = model.Decode(question, mask, batch.DecoderInputIds.to(device), batch.DecoderAttentionMask.to(device), batch.Labels.to(device));
        return loss!.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The encoded questions of a batch. A frozen image encoder on unaugmented dataset images gives the same
    /// embeddings every epoch: with <paramref name="reuseFrozen"/> they are computed once per image file (one image
    /// at a time, so a value never depends on which batch first needed it: a resumed run sees the same numbers) and reused.
    /// </summary>
    (Tensor Question, Tensor Mask) EncodeQuestions(BlipBatch batch, IReadOnlyList<DatasetRow> rows, IReadOnlyList<int> indices, bool reuseFrozen)
    {
        var device = DeviceOf();
        bool frozen = reuseFrozen && !model.vision_model.parameters().Any(p => p.requires_grad);
        Tensor imageEmbeds;
        if (frozen)
        {
            var embeds = new Tensor[indices.Count];
            for (int i = 0; i < indices.Count; i++)
            {
                var path = rows[indices[i]].ImagePaths[0];
                if (!frozenImageEmbeds.TryGetValue(path, out var cached))
                {
                    using var noGrad = torch.no_grad();
                    cached = model.ImageEncoder.Forward(batch.PixelValues[i].unsqueeze(0).to(device), OutputRequest.None).ImageEmbeds[0].detach().clone();
                    frozenImageEmbeds[path] = cached.DetachFromDisposeScope();
                }
                embeds[i] = cached;
            }
            imageEmbeds = torch.stack(embeds);
        }
        else imageEmbeds = model.ImageEncoder.Forward(batch.PixelValues.to(device), OutputRequest.None).ImageEmbeds;
        return model.EncodeQuestion(imageEmbeds, batch.InputIds.to(device), batch.AttentionMask.to(device));
    }

    public IReadOnlyList<string> Generate(IReadOnlyList<DatasetRow> rows, IReadOnlyList<int> indices, GenerationSettings settings)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var batch = evalBatches.Build(rows, indices);
        var (question, mask) = EncodeQuestions(batch, rows, indices, reuseFrozen: true);
        // As HF's generate, the decoder cross-attends to the whole question (a soft prompt included), padding too.
        return Decoded(question, torch.ones_like(mask), settings).Select(g => g.Text).ToList();
    }

    public ImagePipeline Images => evalBatches.Images;

    public IReadOnlyList<GeneratedText> Generate(IReadOnlyList<string?> questions, Tensor pixelValues, GenerationSettings settings)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (rows, indices) = QuestionRows.Of(questions);
        using var batch = evalBatches.Build(rows, indices, pixelValues.alias());
        var (question, mask) = EncodeQuestions(batch, rows, indices, reuseFrozen: false);
        // Here the decoder does not attend to padding, so an answer does not depend on the other questions of its batch
        // (it is what the dataset path gives for a batch of one, which has no padding).
        return Decoded(question, mask, settings);
    }

    IReadOnlyList<GeneratedText> Decoded(Tensor question, Tensor crossAttentionMask, GenerationSettings settings)
    {
        using var decoder = new BlipAnswerDecoder(model.text_decoder, question, crossAttentionMask, tokens.Bos);
        var result = TextGenerator.Generate(decoder, (int)question.shape[0], new GenerationOptions(settings.MaxNewTokens, tokens.Sep, tokens.Pad, settings.NumBeams));
        return result.Tokens.Select(ids =>
        {
            var body = ids.TakeWhile(id => id != tokens.Sep).Where(id => id != tokens.Pad && id != tokens.Bos).Select(id => (int)id).ToList();
            return new GeneratedText(tokenizer.Decode(body).Trim(), body.Count);
        }).ToList();
    }

    Device DeviceOf() => model.text_decoder.cls.predictions.bias.device;
}
