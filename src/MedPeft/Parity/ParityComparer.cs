using MedPeft.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Parity;

/// <summary>Compares produced tensors with a reference outputs file.</summary>
internal static class ParityComparer
{
    /// <param name="mainOutputs">
    /// The outputs that matter most (logits, last hidden state, loss, generated sequences): each one the
    /// reference holds must be compared, and at least one must be, for the case to pass.
    /// </param>
    public static ParityReport Compare(string caseName, string kind, SafeTensorsFile expected, IReadOnlyDictionary<string, Tensor> produced,
        IEnumerable<string> mainOutputs, double tolerance)
    {
        var comparisons = new List<ParityComparison>();
        var notProduced = new List<string>();
        foreach (var name in expected.Entries.Keys.OrderBy(n => n, StringComparer.Ordinal))
        {
            if (!produced.TryGetValue(name, out var actual))
            {
                notProduced.Add(name);
                continue;
            }
            using var reference = expected.Read(name);
            comparisons.Add(CompareOne(name, reference, actual, tolerance));
        }
        var compared = comparisons.Select(c => c.Name).ToHashSet();
        var main = mainOutputs.ToList();
        var missingMain = main.Where(m => expected.Entries.ContainsKey(m) && !compared.Contains(m)).ToList();
        if (!main.Any(compared.Contains)) missingMain.AddRange(main.Where(m => !expected.Entries.ContainsKey(m)));
        return new ParityReport(caseName, kind, tolerance, comparisons, missingMain, notProduced);
    }

    static ParityComparison CompareOne(string name, Tensor reference, Tensor actual, double tolerance)
    {
        if (!reference.shape.SequenceEqual(actual.shape))
            return new ParityComparison(name, double.PositiveInfinity, false,
                $"shape [{string.Join(", ", actual.shape)}] differs from the reference [{string.Join(", ", reference.shape)}]");
        using var scope = NewDisposeScope();
        bool exact = !reference.is_floating_point();
        var difference = (actual.cpu().to_type(ScalarType.Float64) - reference.to_type(ScalarType.Float64)).abs();
        double error = difference.NumberOfElements == 0 ? 0 : difference.max().item<double>();
        bool passed = exact ? error == 0 : error <= tolerance;
        return new ParityComparison(name, error, passed, exact ? "integer: must match exactly" : null);
    }
}
