using static TorchSharp.torch;

namespace MedPeft.Data.Batching;

/// <summary>
/// What <c>LlavaForConditionalGeneration</c> consumes: pixel values [B,3,H,W]; ids and mask [B,T]
/// int64 with one image token per row; labels [B,T] with -100 on the prompt and padding (null in a
/// generation batch, which holds the prompts only, left-padded).
/// </summary>
internal sealed record LlavaBatch(string[] Ids, Tensor PixelValues, Tensor InputIds, Tensor AttentionMask, Tensor? Labels) : IDisposable
{
    public void Dispose()
    {
        PixelValues.Dispose();
        InputIds.Dispose();
        AttentionMask.Dispose();
        Labels?.Dispose();
    }
}
