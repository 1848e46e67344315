using static TorchSharp.torch;

namespace MedPeft.Data.Batching;

/// <summary>
/// What <c>BlipForQuestionAnswering</c> consumes: pixel values [B,3,H,W] float32; question ids and
/// mask [B,Tq] int64; answer (decoder) ids and mask [B,Ta] int64; labels = decoder ids with -100 on padding.
/// </summary>
internal sealed record BlipBatch(
    string[] Ids,
    Tensor PixelValues,
    Tensor InputIds,
    Tensor AttentionMask,
    Tensor DecoderInputIds,
    Tensor DecoderAttentionMask,
    Tensor Labels) : IDisposable
{
    public void Dispose()
    {
        PixelValues.Dispose();
        InputIds.Dispose();
        AttentionMask.Dispose();
        DecoderInputIds.Dispose();
        DecoderAttentionMask.Dispose();
        Labels.Dispose();
    }
}
