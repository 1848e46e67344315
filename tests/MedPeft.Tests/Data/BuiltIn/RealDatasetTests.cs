using MedPeft.Cli;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Real;
using MedPeft.Data.Datasets;
using MedPeft.Data.Datasets.Formats;

namespace MedPeft.Tests.Data.BuiltIn;

public class RealDatasetTests : IDisposable
{
    const int SlicesPerPlane = 6; // a small set that still has every source and plane
    static readonly string[] CountWords = ["zero", "one", "two", "three"];

    readonly string folder = Directory.CreateTempSubdirectory("medpeft-real-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void MissingPackagesAreNamedWithTheInstallCommand()
    {
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        var target = Path.Combine(folder, "out");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = CliApp.Run(["data", "build-real", "--out", target, "--from", empty], output, error);

        Assert.Equal(2, code);
        Assert.Contains("apt-get download mricron-data invesalius-examples", error.ToString());
        Assert.Contains("give that folder as --from", error.ToString());
        Assert.Contains(Path.Combine("usr", "share", "mricron", "templates", "ch2.nii.gz"), error.ToString());
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void OnePackageMissingNamesOnlyThatOne()
    {
        var partial = Path.Combine(folder, "partial");
        var cranium = Path.Combine(partial, RealSources.Cranium.RelativePaths[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(cranium)!);
        File.WriteAllBytes(cranium, []);
        var error = Assert.Throws<MissingRealPackagesException>(() => RealSources.Locate(partial));
        Assert.Equal(["mricron-data"], error.Packages);
    }

    [RealPackagesFact]
    public void ASmallRealSetIsValidAndItsLesionsAreWhereTheAnswersSay()
    {
        var target = Path.Combine(folder, "real");
        var build = RealDatasetBuilder.Build(target, RealPackagesFactAttribute.Root, seed: 3, slicesPerPlane: SlicesPerPlane);
        var rows = BuiltInTestData.Rows(target);
        var slices = RealDatasetBuilder.Slices(RealPackagesFactAttribute.Root, SlicesPerPlane);
        Assert.Equal(slices.Count, build.ImagesPerSplit.Values.Sum());

        // Layout: the dataset reader finds nothing wrong; every image has questions or a report.
        var index = BuiltinReader.Real.Read(target, DatasetOptions.Default, new ProblemLog(strict: true));
        Assert.Equal(rows.Count, index.AllRows.Count());
        Assert.Equal(slices.Count, BuiltInTestData.Reports(target).Count);

        // Splits: all images of one group (volume, plane, slab) in one split.
        var splitOfImage = BuiltInTestData.Reports(target).ToDictionary(r => r.Image, r => r.Split);
        foreach (var group in slices.Select((slice, i) => (slice.Group, Image: $"real-{i:D5}.png")).GroupBy(p => p.Group))
            Assert.Single(group.Select(p => splitOfImage[p.Image]).Distinct());

        // Lesions: the written image differs from the resampled source slice exactly where lesions were drawn.
        var checkedImages = 0;
        for (var i = 0; i < slices.Count; i++)
        {
            var image = $"images/real-{i:D5}.png";
            var (source, sites, spacing) = RealSliceResampler.Resample(slices[i], 224);
            var written = BuiltInTestData.Pixels(Path.Combine(target, image), 224);
            var changed = written.Select((v, p) => Math.Abs(v - Math.Clamp(Math.Round(source[p]), 0, 255)) > 12).ToArray();
            var components = LabelMapTruth.Components(changed, 224).Where(c => c.Count >= 4).ToList();
            foreach (var row in rows.Where(r => r.Image == image))
            {
                if (row.QuestionType == "count" && row.AnswerType == "OPEN")
                {
                    Assert.True(CountWords[components.Count] == row.Answer, $"{row.Id}: {components.Count} changed regions, answer {row.Answer}");
                    checkedImages++;
                }
                if (row.QuestionType == "position" && row.AnswerType == "OPEN")
                {
                    var site = components.SelectMany(c => c).Select(p => sites[p]).Where(s => s != 0).GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key;
                    Assert.Equal(slices[i].SiteNames[site - 1], row.Answer);
                }
            }
        }
        Assert.True(checkedImages >= 5, $"only {checkedImages} count answers checked");
        Assert.Contains("mricron-data", File.ReadAllText(Path.Combine(target, "dataset.json")));
        Assert.Contains("synthetic", File.ReadAllText(Path.Combine(target, "dataset.json")));
    }
}
