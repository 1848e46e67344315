namespace MedPeft.Evaluation.Metrics;

/// <summary>ROUGE-L of one candidate: the score and the longest-common-subsequence length per reference.</summary>
internal sealed record RougeLScore(double Score, IReadOnlyList<int> LcsLengths);

/// <summary>
/// ROUGE-L as the COCO caption evaluation computes it (<c>pycocoevalcap</c> <c>Rouge</c>, β = 1.2):
/// precision and recall are maximised over the references separately, then combined as an F-measure.
/// Tokens come from splitting on single spaces, so an empty string is one empty token (length 1).
/// </summary>
internal static class RougeL
{
    const double Beta = 1.2;

    /// <summary>Scores a tokenized candidate against its tokenized references.</summary>
    public static RougeLScore Score(string candidate, IReadOnlyList<string> references)
    {
        if (references.Count == 0) throw new ArgumentException("ROUGE-L needs at least one reference.", nameof(references));
        var candidateTokens = candidate.Split(' ');
        var lcsLengths = new int[references.Count];
        double bestPrecision = double.NegativeInfinity, bestRecall = double.NegativeInfinity;
        for (var r = 0; r < references.Count; r++)
        {
            var referenceTokens = references[r].Split(' ');
            var lcs = LongestCommonSubsequence(referenceTokens, candidateTokens);
            lcsLengths[r] = lcs;
            bestPrecision = Math.Max(bestPrecision, lcs / (double)candidateTokens.Length);
            bestRecall = Math.Max(bestRecall, lcs / (double)referenceTokens.Length);
        }
        var betaSquared = Beta * Beta;
        var score = bestPrecision != 0 && bestRecall != 0
            ? (1 + betaSquared) * bestPrecision * bestRecall / (bestRecall + betaSquared * bestPrecision)
            : 0.0;
        return new RougeLScore(score, lcsLengths);
    }

    /// <summary>The length of the longest common subsequence of two token sequences.</summary>
    public static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }
}
