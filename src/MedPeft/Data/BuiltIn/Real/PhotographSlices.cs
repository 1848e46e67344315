using MedPeft.Data.Images;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// The colour photographs: scikit-image's fundus photograph of a left eye (one image) and its
/// immunohistochemistry slide, cut into four quadrants (four fields of one specimen). No lesions are drawn on them.
/// </summary>
static class PhotographSlices
{
    public static IEnumerable<RealSlice> Read(string root)
    {
        var retina = Decode(RealSources.PathOf(root, RealSources.SkimageRetina, 0));
        yield return Colour(RealSubjects.Retina, "colour fundus photograph of the left eye", retina, 0, 0, retina.Height, retina.Width, ["retina", "optic disc"], "left");

        var ihc = Decode(RealSources.PathOf(root, RealSources.SkimageIhc, 0));
        int half = ihc.Height / 2, halfWidth = ihc.Width / 2;
        for (var quadrant = 0; quadrant < 4; quadrant++)
            yield return Colour(RealSubjects.Ihc, "immunohistochemistry of the colon", ihc, quadrant / 2 * half, quadrant % 2 * halfWidth, half, halfWidth, ["colonic glands"], null);
    }

    static FloatImage Decode(string path) =>
        SkiaImageDecoder.TryDecode(path) is { Channels: 3 } image ? image : throw new MedPeftException($"{path}: expected a colour image");

    static RealSlice Colour(RealSubject subject, string description, FloatImage image, int top, int left, int rows, int columns, IReadOnlyList<string> organs, string? eye)
    {
        var display = new double[3 * rows * columns];
        for (var c = 0; c < 3; c++)
            for (var r = 0; r < rows; r++)
                for (var x = 0; x < columns; x++)
                    display[(c * rows + r) * columns + x] = image[c, top + r, left + x];
        return new RealSlice(subject, null, description, rows, columns, 1, 1, 3, display, new byte[rows * columns], [], organs, organs, eye);
    }
}
