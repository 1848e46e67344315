using MedPeft.Data.Datasets;
using MedPeft.Experiments;

namespace MedPeft.Cli;

/// <summary>An <c>--eval-on</c> value: <c>&lt;format&gt;:&lt;folder&gt;</c>, a dataset whose test split a comparison scores without training on it.</summary>
internal static class TestSetArgument
{
    public static TestSet Parse(string text)
    {
        int colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new MedPeftException($"--eval-on '{text}': expected <format>:<folder>, e.g. slake:data/slake (format one of {string.Join(", ", DatasetFormats.Names)})");
        return TestSet.Of(text[..colon], text[(colon + 1)..]);
    }
}
