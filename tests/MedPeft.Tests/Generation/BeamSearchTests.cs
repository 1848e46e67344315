using MedPeft.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Generation;

/// <summary>Greedy and beam search on a toy Markov "model" whose answer can be found by enumeration.</summary>
public class BeamSearchTests
{
    const int Vocab = 5, Eos = 4, Pad = 0;

    /// <summary>Next-token logits depend only on the previous token: logits = table[previous].</summary>
    sealed class MarkovDecoder(float[,] table, long[] starts) : IStepDecoder
    {
        long[] last = starts.ToArray();

        Tensor Logits() => torch.tensor(last.SelectMany(p => Enumerable.Range(0, Vocab).Select(v => table[p, v])).ToArray(), new long[] { last.Length, Vocab });

        public Tensor Start() => Logits();

        public Tensor Next(Tensor tokens)
        {
            last = tokens.data<long>().ToArray();
            return Logits();
        }

        public void SelectRows(Tensor rows) => last = rows.data<long>().ToArray().Select(r => last[r]).ToArray();

        public void Dispose() { }
    }

    static float[,] RandomTable(int seed)
    {
        var random = new Random(seed);
        var table = new float[Vocab, Vocab];
        for (int i = 0; i < Vocab; i++)
            for (int j = 0; j < Vocab; j++) table[i, j] = (float)(random.NextDouble() * 4 - 2);
        return table;
    }

    static double LogProbability(float[,] table, long previous, long next)
    {
        var row = Enumerable.Range(0, Vocab).Select(v => (double)table[previous, v]).ToArray();
        // Same float32 log-softmax the search uses, evaluated in double for the reference.
        using var logits = torch.tensor(row.Select(x => (float)x).ToArray());
        return nn.functional.log_softmax(logits, 0).data<float>()[next];
    }

    /// <summary>Best sequence by HF's score: sum of log-probs / generated length (EOS counted), over all sequences.</summary>
    static long[] ExhaustiveBest(float[,] table, long start, int maxNew)
    {
        (double Score, long[] Tokens) best = (double.NegativeInfinity, Array.Empty<long>());
        void Walk(List<long> tokens, long previous, double sum)
        {
            for (long next = 0; next < Vocab; next++)
            {
                double total = sum + LogProbability(table, previous, next);
                var extended = new List<long>(tokens) { next };
                if (next == Eos || extended.Count == maxNew)
                {
                    double score = total / extended.Count;
                    if (score > best.Score) best = (score, extended.ToArray());
                }
                else Walk(extended, next, total);
            }
        }
        Walk(new List<long>(), start, 0);
        return best.Tokens;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void WideBeamFindsTheExhaustiveBest(int seed)
    {
        var table = RandomTable(seed);
        var starts = new long[] { 0, 2 };
        using var decoder = new MarkovDecoder(table, starts);

        var result = TextGenerator.Generate(decoder, 2, new GenerationOptions(3, Eos, Pad, NumBeams: 150));

        for (int b = 0; b < 2; b++)
        {
            var expected = ExhaustiveBest(table, starts[b], 3);
            Assert.Equal(expected, result.Tokens[b].Take(expected.Length).ToArray());
        }
    }

    [Fact]
    public void GreedyFollowsTheArgmaxAndPadsAfterEos()
    {
        var table = new float[Vocab, Vocab];
        table[0, 1] = 5; // 0 → 1 → 2 → EOS
        table[1, 2] = 5;
        table[2, Eos] = 5;
        table[3, 3] = 5; // 3 → 3 → 3 ...
        using var decoder = new MarkovDecoder(table, new long[] { 0, 3 });

        var result = TextGenerator.Generate(decoder, 2, new GenerationOptions(5, Eos, Pad), keepScores: true);

        Assert.Equal(new long[] { 1, 2, Eos, Pad, Pad }, result.Tokens[0]);
        Assert.Equal(new long[] { 3, 3, 3, 3, 3 }, result.Tokens[1]);
        Assert.Equal(5, result.StepScores!.Count);
    }

    [Fact]
    public void BeamSearchStopsWhenNoOpenBeamCanWin()
    {
        var table = new float[Vocab, Vocab];
        for (int i = 0; i < Vocab; i++) table[i, Eos] = 6; // EOS is almost certain everywhere
        using var decoder = new MarkovDecoder(table, new long[] { 0 });

        var result = TextGenerator.Generate(decoder, 1, new GenerationOptions(10, Eos, Pad, NumBeams: 3));

        // The best hypothesis is EOS at once; HF writes it and stops long before 10 tokens.
        Assert.Equal(new long[] { Eos }, result.Tokens[0].Take(1).ToArray());
        Assert.True(result.Tokens[0].Length < 10);
    }
}
