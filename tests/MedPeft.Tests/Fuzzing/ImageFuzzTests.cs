using MedPeft.Data.Images;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The image readers (DICOM, NIfTI, and PNG and JPEG through SkiaSharp), through <see cref="ImageLoader"/> as a dataset
/// row reaches them, under seeded mutations of the test images (<see cref="FuzzRun"/>): every case decodes or ends in
/// one <see cref="MedPeftException"/>.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class ImageFuzzTests
{
    [Theory]
    [InlineData(".dcm", "Dicom", new[] { "CT_small.dcm", "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "ExplVR_BigEnd.dcm", "ct_bits12_implicit_raw.dcm" })]
    [InlineData(".nii", "Nifti", new[] { "anatomical.nii", "float64_bigendian.nii" })]
    [InlineData(".nii.gz", "Nifti", new[] { "standard.nii.gz", "scaled_4d.nii.gz" })]
    [InlineData(".png", "Pictures", new[] { "gray.png", "rgb.png" })]
    [InlineData(".jpg", "Pictures", new[] { "photo.jpg" })]
    public void EveryMutatedImageDecodesOrFailsWithOneClearError(string extension, string folderName, string[] files)
    {
        using var folder = new TemporaryFolder();
        var corpus = files.Select(file => File.ReadAllBytes(TestData.Path("Images", folderName, file))).ToList();
        foreach (var valid in corpus)
        {
            File.WriteAllBytes(folder.File("valid" + extension), valid);
            ImageLoader.Load(folder.File("valid" + extension)); // the corpus itself decodes
        }

        var outcome = FuzzRun.Check(MutationFuzzer.Cases(corpus, FuzzRun.Cases, seed: 18_100), folder.File("case" + extension), path => ImageLoader.Load(path));

        Assert.True(outcome.Refused > 0, $"{outcome}");
    }
}
