using MedPeft.Data.Batching;
using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using MedPeft.Data.Text;
using MedPeft.Generation;
using MedPeft.Models;
using MedPeft.Models.Llama;
using MedPeft.Models.Llava;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tasks;

/// <summary>
/// LLaVA / LLaVA-Med VQA and report generation: a conversation template around the question with the
/// <c>&lt;image&gt;</c> token, loss on the answer only, greedy generation from left-padded prompts.
/// </summary>
internal sealed class LlavaTaskModel : ITaskModel
{
    readonly LlavaForConditionalGeneration model;
    readonly LlamaSentencePiece tokenizer;
    readonly LlavaBatchBuilder trainBatches, evalBatches;
    readonly LlavaTokens tokens;

    public LlavaTaskModel(LlavaForConditionalGeneration model, LlamaSentencePiece tokenizer, ConversationTemplate template, ImagePreprocessing preprocessing,
        DatasetTask task, int seed, ImageAugmentation? augmentation)
    {
        this.model = model;
        this.tokenizer = tokenizer;
        Task = task;
        var text = model.Config.Text;
        tokens = new LlavaTokens(model.Config.ImageTokenIndex, text.BosTokenId, text.EosTokenId, text.PadTokenId ?? 0);
        var options = new LlavaTextOptions(template);
        trainBatches = new LlavaBatchBuilder(tokenizer, tokens, new ImagePipeline(preprocessing, augmentation, seed), options);
        evalBatches = new LlavaBatchBuilder(tokenizer, tokens, new ImagePipeline(preprocessing, null, seed), options);
    }

    public IHfModel Model => model;
    public DatasetTask Task { get; }
    public GenerationSettings DefaultGeneration => new(1, Task == DatasetTask.Report ? 128 : 10);

    public Tensor Loss(IReadOnlyList<DatasetRow> rows, IReadOnlyList<int> indices, int epoch, bool augment)
    {
        using var scope = NewDisposeScope();
        using var batch = (augment ? trainBatches : evalBatches).BuildTraining(rows, indices, epoch);
        var device = DeviceOf();
        var output = model.Forward(batch.InputIds.to(device), batch.PixelValues.to(device), batch.AttentionMask.to(device), batch.Labels!.to(device), OutputRequest.None);
        return output.Loss!.MoveToOuterDisposeScope();
    }

    public IReadOnlyList<string> Generate(IReadOnlyList<DatasetRow> rows, IReadOnlyList<int> indices, GenerationSettings settings)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var batch = evalBatches.BuildGeneration(rows, indices);
        return Decoded(batch, settings).Select(g => g.Text).ToList();
    }

    public ImagePipeline Images => evalBatches.Images;

    public IReadOnlyList<GeneratedText> Generate(IReadOnlyList<string?> questions, Tensor pixelValues, GenerationSettings settings)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (rows, indices) = QuestionRows.Of(questions);
        using var batch = evalBatches.BuildGeneration(rows, indices, pixelValues.alias());
        return Decoded(batch, settings);
    }

    IReadOnlyList<GeneratedText> Decoded(LlavaBatch batch, GenerationSettings settings)
    {
        var device = DeviceOf();
        var output = model.Forward(batch.InputIds.to(device), batch.PixelValues.to(device), batch.AttentionMask.to(device), null, OutputRequest.None);
        using var decoder = new LlamaStepDecoder(model.language_model, output.Merged.InputsEmbeds, output.Merged.AttentionMask);
        var result = TextGenerator.Generate(decoder, batch.Ids.Length, new GenerationOptions(settings.MaxNewTokens, tokens.Eos, tokens.Pad, settings.NumBeams));
        return result.Tokens.Select(t =>
        {
            var body = t.TakeWhile(id => id != tokens.Eos).Select(id => (int)id).ToList();
            return new GeneratedText(tokenizer.Decode(body).Trim(), body.Count);
        }).ToList();
    }

    Device DeviceOf() => model.language_model.lm_head.weight.device;
}
