using MedPeft.Models;
using MedPeft.Peft;
using MedPeft.Planning;

namespace MedPeft.Benchmarks;

/// <summary>
/// What <c>bench-methods</c> runs: which methods, checked before any process starts, and the rounds,
/// interleaved across methods as the anchor ran them so that a slow spell of a shared machine falls
/// on every method alike.
/// </summary>
internal static class MethodBenchmark
{
    /// <summary>
    /// The anchor's methods for the model's class (for BLIP: full, ln, lora, full@text-encoder:decoder,
    /// attn, ffn; for LLaMA: full, ln, lora; for LLaVA, which has no anchor: full, ln, lora) followed by <paramref name="extra"/> ones not already there;
    /// with <paramref name="only"/>, the <paramref name="extra"/> ones alone (any model class with a benchmark batch).
    /// </summary>
    public static IReadOnlyList<string> Methods(string architecture, IEnumerable<string> extra, bool only = false)
    {
        var named = extra.Select(m => m.Trim()).Where(m => m.Length > 0).ToList();
        if (only)
        {
            Setting.Require(named.Count > 0, MethodsSetting, "names no method, and only the methods named are to be measured");
            return named.Distinct().ToList();
        }
        var defaults = AnchorResults.ForArchitecture(architecture)?.Methods.Select(m => m.Method)
            ?? (architecture == LlavaArchitecture ? LlavaMethods
                : throw new MedPeftException($"bench-methods: {architecture} has no benchmark; BlipForQuestionAnswering, LlamaForCausalLM and LlavaForConditionalGeneration have."));
        return defaults.Concat(named).Distinct().ToList();
    }

    const string LlavaArchitecture = "LlavaForConditionalGeneration";

    /// <summary>
    /// LLaVA's default methods, which no anchor measured: the study's three (a method whose plan does not fit, such as
    /// <c>full</c> of a 7B model, is refused by the caller rather than run).
    /// </summary>
    static readonly string[] LlavaMethods = ["full", "ln", "lora"];

    /// <summary>The methods to measure, as a setting.</summary>
    public const string MethodsSetting = "MethodBenchmark.Methods";

    /// <summary>
    /// Applies each method to the model's structure (no weights are read) so that an unknown method, a
    /// scope the model lacks or a plan that trains nothing is reported before anything runs.
    /// </summary>
    public static void Check(string model, IReadOnlyList<string> methods)
    {
        foreach (var method in methods)
            if (ModelStructure.Inspect(model, structure => PeftModel.Apply(structure, PeftPlan.Parse(method), new PeftOptions()).Optimized.Count) == 0)
                throw new InvalidSettingException(MethodsSetting, $"'{method}' trains nothing, so it has no training step to time");
    }

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds; each round measures every item (a method, or a method
    /// with a setting) once with <paramref name="measure"/> (one process per call), in order.
    /// <paramref name="progress"/> hears of each run as it ends (round number from 1).
    /// </summary>
    public static IReadOnlyList<MethodSummary> Run<T>(IReadOnlyList<T> items, int rounds, Func<T, MethodRun> measure,
        Action<int, MethodRun>? progress = null) where T : notnull
    {
        var runs = items.ToDictionary(m => m, _ => new List<MethodRun>());
        for (int round = 1; round <= rounds; round++)
            foreach (var item in items)
            {
                var run = measure(item);
                runs[item].Add(run);
                progress?.Invoke(round, run);
            }
        return items.Select(m => MethodSummary.Of(runs[m])).ToList();
    }
}
