namespace MedPeft.Generation;

/// <summary>
/// Decoding settings with HF's meanings: greedy when <see cref="NumBeams"/> is 1, else beam search
/// scoring finished hypotheses by sum of log-probabilities / generated length^<see cref="LengthPenalty"/>.
/// </summary>
internal sealed record GenerationOptions(int MaxNewTokens, int? EosTokenId, int PadTokenId, int NumBeams = 1, double LengthPenalty = 1.0)
{
    public GenerationOptions Validated()
    {
        if (MaxNewTokens < 1) throw new MedPeftException($"max new tokens must be at least 1 (got {MaxNewTokens}).");
        if (NumBeams < 1) throw new MedPeftException($"the number of beams must be at least 1 (got {NumBeams}).");
        return this;
    }
}

/// <summary>
/// Generated tokens per input row ([batch, steps], the prompt excluded; finished rows padded with the
/// pad id), and for greedy search the logits of every step ([batch, vocab] each).
/// </summary>
internal sealed record GenerationResult(long[][] Tokens, IReadOnlyList<TorchSharp.torch.Tensor>? StepScores);
