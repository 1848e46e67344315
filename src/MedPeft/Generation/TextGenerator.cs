using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Generation;

/// <summary>Greedy and beam-search decoding over any <see cref="IStepDecoder"/>, following HF's generate.</summary>
internal static class TextGenerator
{
    public static GenerationResult Generate(IStepDecoder decoder, long batch, GenerationOptions options, bool keepScores = false)
    {
        options.Validated();
        return options.NumBeams == 1 ? Greedy(decoder, batch, options, keepScores) : BeamSearch.Run(decoder, batch, options);
    }

    static GenerationResult Greedy(IStepDecoder decoder, long batch, GenerationOptions options, bool keepScores)
    {
        var tokens = Enumerable.Range(0, (int)batch).Select(_ => new List<long>()).ToArray();
        var finished = new bool[batch];
        var scores = keepScores ? new List<Tensor>() : null;
        var logits = decoder.Start();
        for (int step = 0; step < options.MaxNewTokens; step++)
        {
            scores?.Add(logits.detach().clone().DetachFromDisposeScope());
            var chosen = logits.argmax(-1).cpu().data<long>().ToArray();
            logits.Dispose();
            for (int b = 0; b < batch; b++)
            {
                long token = finished[b] ? options.PadTokenId : chosen[b];
                tokens[b].Add(token);
                if (token == options.EosTokenId) finished[b] = true;
                chosen[b] = token;
            }
            if (finished.All(f => f) || step == options.MaxNewTokens - 1) break;
            using var next = torch.tensor(chosen);
            logits = decoder.Next(next);
        }
        return new GenerationResult(tokens.Select(t => t.ToArray()).ToArray(), scores);
    }
}
