namespace MedPeft.Experiments;

/// <summary>The layout of a comparison's work folder: a run folder for each row (and seed), its test predictions in <c>test/</c>.</summary>
internal static class ComparisonFolders
{
    public const string Runs = "runs", Test = "test";

    /// <summary>Where a row's run goes, <c>runs/&lt;row&gt;</c> (with several seeds <c>runs/&lt;row&gt;/seed-&lt;seed&gt;</c>),
    /// with its test predictions and scores in <c>test/</c> (the zero-shot model's: <c>runs/zero-shot/test</c>).</summary>
    public static string RunDirectory(string workDirectory, string row, int? seed = null) =>
        seed is int s ? Path.Combine(workDirectory, Runs, Safe(row), $"seed-{s}") : Path.Combine(workDirectory, Runs, Safe(row));

    /// <summary>The test predictions' folder on a further test set: <c>test-&lt;set&gt;</c>.</summary>
    public static string SetTest(string setName) => $"{Test}-{Safe(setName)}";

    /// <summary>A name as a folder name: letters, digits and '-' kept, anything else '_'.</summary>
    public static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_'));
}
