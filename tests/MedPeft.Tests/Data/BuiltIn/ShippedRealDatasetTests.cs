using System.Text.Json.Nodes;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Real;
using MedPeft.Data.Datasets;
using MedPeft.Data.Datasets.Formats;
using MedPeft.Experiments;

namespace MedPeft.Tests.Data.BuiltIn;

/// <summary>The builtin-real set that ships with MedPeft: where it is, that it reads cleanly, its licences, and that it is what the builder makes.</summary>
public class ShippedRealDatasetTests
{
    [Fact]
    public void ItIsBesideTheAssembliesNotInASystemFolder()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "builtin-data", "builtin-real"), ShippedDatasets.RealDirectory);
        Assert.Equal(ShippedDatasets.RealDirectory, ShippedDatasets.Real());
    }

    [Fact]
    public void ItReadsWithoutAProblemAndHasTheDocumentedSplits()
    {
        var directory = ShippedDatasets.Real();
        var vqa = BuiltinReader.Real.Read(directory, DatasetOptions.Default, new ProblemLog(strict: true));
        Assert.Equal([1074, 116, 302], new[] { DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test }.Select(s => vqa[s].Count));
        var reports = BuiltinReader.Real.Read(directory, DatasetOptions.Default with { Task = DatasetTask.Report }, new ProblemLog(strict: true));
        Assert.Equal(300, reports.AllRows.Count());
        Assert.Equal(300, Directory.GetFiles(Path.Combine(directory, "images"), "*.png").Length);
    }

    [Fact]
    public void ItsSourcesNameEachLicenceAndTheirTextsAreBesideIt()
    {
        var directory = ShippedDatasets.Real();
        var sources = File.ReadAllText(Path.Combine(directory, "SOURCES.md"));
        foreach (var part in new[] { "mricron-data", "BSD-3-clause", "invesalius-examples", "GPL-2", "real-00000.png", "real-00149.png", "real-00150.png", "real-00299.png" })
            Assert.Contains(part, sources);
        Assert.Contains("GNU GENERAL PUBLIC LICENSE", File.ReadAllText(Path.Combine(directory, "licences", "GPL-2.txt")));
        Assert.Contains("BSD-3-clause", File.ReadAllText(Path.Combine(directory, "licences", "mricron-data.copyright")));
        // The split of images by source that SOURCES.md states: the first 150 from the MRI template, the rest from the CT.
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "dataset.json")))!;
        Assert.Equal([150, 150], manifest["sources"]!.AsArray().Select(s => s!["files"]!.GetValue<int>()));
        var reports = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "annotation.json")))!.AsObject()
            .SelectMany(split => split.Value!.AsArray()).Select(r => (Image: r!["image_path"]![0]!.GetValue<string>(), Report: r["report"]!.GetValue<string>()));
        foreach (var (image, report) in reports)
            Assert.True(int.Parse(image[5..10]) < 150 == report.Contains("mri of the head"), $"{image}: {report}");
    }

    [Fact]
    public void TheComparisonUsesItByDefaultAndForItsFormatWithoutAFolder()
    {
        foreach (var format in new string?[] { null, "builtin-real" })
        {
            var spec = new ComparisonSpec("medpeft-base", null, format, DatasetTask.Vqa, ["ln"], ComparisonBudget.Quick, 42).Validated();
            var (directory, resolvedFormat, note) = ComparisonData.Resolve(spec, modelFolder: "unused", TextWriter.Null);
            Assert.Equal(ShippedDatasets.RealDirectory, directory);
            Assert.Equal("builtin-real", resolvedFormat);
            Assert.Contains("shipped with MedPeft", note);
        }
        var error = Assert.Throws<InvalidSettingException>(() => new ComparisonSpec("medpeft-base", null, "vqa-rad", DatasetTask.Vqa, ["ln"], ComparisonBudget.Quick, 42).Validated());
        Assert.Equal("ComparisonSpec.Format", error.Setting);
        Assert.Contains("'vqa-rad' needs ComparisonSpec.Data", error.Message);
    }

    [RealPackagesFact]
    public void ARebuildFromThePackagesGivesTheShippedFilesByteForByte()
    {
        using var folder = new TemporaryFolder();
        var target = Path.Combine(folder.Path, "builtin-real");
        RealDatasetBuilder.Build(target, RealPackagesFactAttribute.Root);
        var shipped = ShippedDatasets.Real();
        var built = Directory.GetFiles(target, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(target, f)).Order(StringComparer.Ordinal).ToList();
        var generated = Directory.GetFiles(shipped, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(shipped, f))
            .Where(f => f != "SOURCES.md" && !f.StartsWith("licences", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(generated, built);
        foreach (var file in built)
            Assert.True(File.ReadAllBytes(Path.Combine(target, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(shipped, file))), $"{file} differs");
    }
}
