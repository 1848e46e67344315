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
public sealed class BlipTaskModel : ITaskModel
{
    readonly BlipForQuestionAnswering model;
    readonly BertWordPiece tokenizer;
    readonly BlipBatchBuilder trainBatches, evalBatches;
    readonly BlipTokens tokens;

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
        var output = model.Forward(batch.PixelValues.to(device), batch.InputIds.to(device), batch.AttentionMask.to(device),
            batch.DecoderInputIds.to(device), batch.DecoderAttentionMask.to(device), batch.Labels.to(device), OutputRequest.None);
        return output.Loss!.MoveToOuterDisposeScope();
    }

    public IReadOnlyList<string> Generate(IReadOnlyList<DatasetRow> rows, IReadOnlyList<int> indices, GenerationSettings settings)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var batch = evalBatches.Build(rows, indices);
        var device = DeviceOf();
        var encoding = model.Encode(batch.PixelValues.to(device), batch.InputIds.to(device), batch.AttentionMask.to(device), OutputRequest.None);
        // As HF's generate, the decoder cross-attends to the whole question (a soft prompt included).
        using var decoder = new BlipAnswerDecoder(model.text_decoder, encoding.QuestionEmbeds, torch.ones_like(encoding.QuestionMask), tokens.Bos);
        var result = TextGenerator.Generate(decoder, indices.Count, new GenerationOptions(settings.MaxNewTokens, tokens.Sep, tokens.Pad, settings.NumBeams));
        return result.Tokens.Select(Decode).ToList();
    }

    string Decode(long[] ids) =>
        tokenizer.Decode(ids.TakeWhile(id => id != tokens.Sep).Where(id => id != tokens.Pad && id != tokens.Bos).Select(id => (int)id)).Trim();

    Device DeviceOf() => model.text_decoder.cls.predictions.bias.device;
}
