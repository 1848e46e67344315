using MedPeft.Peft.Tuners;

namespace MedPeft.Tests.Peft;

/// <summary>The README's "Methods and scopes" says what the registry says: its methods, descriptions, options and default scopes.</summary>
public class ReadmeMethodsTests
{
    static readonly string Section = MethodsSection();

    /// <summary>The section of the repository's README, found above the test assembly.</summary>
    static string MethodsSection()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "MedPeft.slnx"))) folder = folder.Parent!;
        var readme = File.ReadAllText(Path.Combine(folder.FullName, "README.md"));
        int start = readme.IndexOf("## Methods and scopes", StringComparison.Ordinal);
        return readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
    }

    [Fact]
    public void TableListsEveryTunerWithItsDescriptionAndOptions()
    {
        var expected = TunerRegistry.Default.Tuners.Select(t =>
        {
            var flags = t.Options.SelectMany(TunerSetting.Of).Select(s => $"--{s.Key} {s.DefaultText}").ToList();
            return $"| `{t.Name}` | {t.Description} | {(flags.Count == 0 ? "" : $"`{string.Join(" ", flags)}`")} |";
        }).ToList();
        var rows = Section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.True(expected.SequenceEqual(rows), "the README's method table should read:\n" + string.Join("\n", expected));
    }

    [Fact]
    public void DefaultScopesAreTheRegistrys() => Assert.Contains(DefaultScopesText.Of(TunerRegistry.Default), Section);
}
