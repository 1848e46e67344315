using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Generation;

/// <summary>
/// HF's beam search (transformers 4.40 <c>BeamSearchScorer</c>, early_stopping=False): 2·beams
/// candidates per step, a candidate ending in EOS becomes a finished hypothesis when it ranks among
/// the first <c>beams</c>, a row is done when no open beam can beat its worst kept hypothesis.
/// </summary>
static class BeamSearch
{
    public static GenerationResult Run(IStepDecoder decoder, long batch, GenerationOptions options)
    {
        int beams = options.NumBeams;
        var hypotheses = Enumerable.Range(0, (int)batch).Select(_ => new Hypotheses(beams, options.LengthPenalty)).ToArray();
        var done = new bool[batch];
        var sequences = new List<long>[batch * beams];
        for (int i = 0; i < sequences.Length; i++) sequences[i] = new List<long>();
        var beamScores = new double[batch * beams];
        for (int i = 0; i < beamScores.Length; i++) beamScores[i] = i % beams == 0 ? 0.0 : -1e9;

        var logits = decoder.Start();
        using (var expand = torch.arange(batch).repeat_interleave(beams)) decoder.SelectRows(ExpandLogits(ref logits, expand));
        for (int step = 0; step < options.MaxNewTokens; step++)
        {
            var (candidateScores, candidateIds, vocab) = TopCandidates(logits, beamScores, batch, beams);
            logits.Dispose();
            var nextScores = new double[batch * beams];
            var nextTokens = new long[batch * beams];
            var nextRows = new long[batch * beams];
            for (int b = 0; b < batch; b++)
            {
                if (done[b])
                {
                    for (int k = 0; k < beams; k++) (nextScores[b * beams + k], nextTokens[b * beams + k], nextRows[b * beams + k]) = (0, options.PadTokenId, b * beams);
                    continue;
                }
                int filled = 0;
                for (int rank = 0; rank < 2 * beams && filled < beams; rank++)
                {
                    double score = candidateScores[b, rank];
                    long token = candidateIds[b, rank] % vocab;
                    long row = b * beams + candidateIds[b, rank] / vocab;
                    if (token == options.EosTokenId)
                    {
                        if (rank < beams) hypotheses[b].Add(sequences[row], score, step + 1);
                        continue;
                    }
                    int slot = b * beams + filled++;
                    (nextScores[slot], nextTokens[slot], nextRows[slot]) = (score, token, row);
                }
                done[b] = hypotheses[b].IsDone(Enumerable.Range(0, 2 * beams).Max(r => candidateScores[b, r]), step + 1);
            }
            var reordered = nextRows.Select(r => new List<long>(sequences[r])).ToArray();
            for (int i = 0; i < reordered.Length; i++) reordered[i].Add(nextTokens[i]);
            sequences = reordered;
            beamScores = nextScores;
            if (done.All(d => d) || step == options.MaxNewTokens - 1) break;
            using (var rows = torch.tensor(nextRows)) decoder.SelectRows(rows);
            using var next = torch.tensor(nextTokens);
            logits = decoder.Next(next);
        }
        return new GenerationResult(Finalize(hypotheses, done, sequences, beamScores, beams, options), null);
    }

    // The first step's logits are per input row; beam search works on batch × beams rows.
    static Tensor ExpandLogits(ref Tensor logits, Tensor rows)
    {
        var expanded = logits.index_select(0, rows);
        logits.Dispose();
        logits = expanded;
        return rows;
    }

    static (double[,] Scores, long[,] Ids, long Vocab) TopCandidates(Tensor logits, double[] beamScores, long batch, int beams)
    {
        using var scope = NewDisposeScope();
        long vocab = logits.shape[^1];
        var logProbabilities = nn.functional.log_softmax(logits.to_type(ScalarType.Float32), -1);
        var scored = logProbabilities + torch.tensor(beamScores.Select(s => (float)s).ToArray()).unsqueeze(1);
        var (values, indices) = scored.view(batch, beams * vocab).topk(2 * beams, dim: 1, largest: true, sorted: true);
        var v = values.data<float>().ToArray();
        var ix = indices.data<long>().ToArray();
        var scores = new double[batch, 2 * beams];
        var ids = new long[batch, 2 * beams];
        for (int b = 0; b < batch; b++)
            for (int r = 0; r < 2 * beams; r++) (scores[b, r], ids[b, r]) = (v[b * 2 * beams + r], ix[b * 2 * beams + r]);
        return (scores, ids, vocab);
    }

    static long[][] Finalize(Hypotheses[] hypotheses, bool[] done, List<long>[] sequences, double[] beamScores, int beams, GenerationOptions options)
    {
        var best = new List<long>[hypotheses.Length];
        for (int b = 0; b < hypotheses.Length; b++)
        {
            if (!done[b])
                for (int k = 0; k < beams; k++) hypotheses[b].Add(sequences[b * beams + k], beamScores[b * beams + k], sequences[b * beams + k].Count);
            best[b] = hypotheses[b].Best();
        }
        // As HF: rows are one longer than the longest hypothesis (capped at the token budget), EOS
        // follows every hypothesis that fits, padding fills the rest.
        int width = Math.Min(best.Max(s => s.Count) + 1, options.MaxNewTokens);
        return best.Select(s =>
        {
            var row = new List<long>(s);
            if (row.Count < width && options.EosTokenId is int eos) row.Add(eos);
            while (row.Count < width) row.Add(options.PadTokenId);
            return row.ToArray();
        }).ToArray();
    }

    /// <summary>The finished hypotheses of one input row (HF's <c>BeamHypotheses</c>).</summary>
    sealed class Hypotheses(int beams, double lengthPenalty)
    {
        readonly List<(double Score, List<long> Tokens)> kept = new();
        double worst = 1e9;

        /// <param name="generatedLength">Generated tokens, the closing EOS included (HF's cur_len - prompt length).</param>
        public void Add(List<long> tokens, double sumLogProbabilities, int generatedLength)
        {
            double score = sumLogProbabilities / Math.Pow(generatedLength, lengthPenalty);
            if (kept.Count >= beams && score <= worst) return;
            kept.Add((score, new List<long>(tokens)));
            if (kept.Count > beams)
            {
                var ordered = kept.Select((h, i) => (h.Score, i)).OrderBy(x => x.Score).ToList();
                kept.RemoveAt(ordered[0].i);
                worst = ordered[1].Score;
            }
            else worst = Math.Min(score, worst);
        }

        public bool IsDone(double bestOpenScore, int generatedLength) =>
            kept.Count >= beams && worst >= bestOpenScore / Math.Pow(generatedLength, lengthPenalty);

        public List<long> Best() => kept.OrderBy(h => h.Score).Last().Tokens;
    }
}
