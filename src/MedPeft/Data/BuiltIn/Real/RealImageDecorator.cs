using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>Draws an image's lesions (half the images that take lesions get some) and states what is true of it.</summary>
static class RealImageDecorator
{
    const int LesionAttempts = 20;

    /// <param name="display">The resampled image, painted in place.</param>
    public static ImageFacts Decorate(DeterministicRandom random, RealSlice slice, double[] display, byte[] sites, double spacing, int size)
    {
        var presentSites = slice.SiteNames.Where((_, k) => sites.Contains((byte)(k + 1))).ToList();
        List<PhantomLesion> lesions = [];
        var sizeClass = "small";
        var needsVertical = false;
        if (slice.TakesLesions && random.NextBool())
        {
            for (var attempt = 0; attempt < LesionAttempts && lesions.Count == 0; attempt++)
            {
                // Slices with little tissue may not hold what was drawn: draw again; the last try is one small lesion.
                var last = attempt == LesionAttempts - 1;
                var count = last ? 1 : 1 + random.NextInt(3);
                sizeClass = last || random.NextBool() ? "small" : "large";
                var kind = random.NextBool() ? "nodule" : "cyst";
                var shape = random.NextBool() ? "irregular" : "round";
                needsVertical = count == 1 && slice.Plane is "coronal" or "sagittal";
                lesions = RealLesionPainter.TryPaint(random, display, sites, slice.SiteNames, size, spacing, count, sizeClass, kind, shape, needsVertical)?.Lesions ?? [];
            }
        }
        LesionFacts? lesionFacts = null;
        if (lesions.Count > 0)
        {
            var first = lesions[0];
            lesionFacts = new LesionFacts(first.Location, first.Location.Split(' ')[0], needsVertical ? first.Vertical : null,
                sizeClass, first.Kind, first.Shape, Math.Round(lesions.Max(l => l.DiameterMm)));
        }
        var subject = slice.Subject;
        return new ImageFacts(subject.Modality, slice.Plane, subject.Region, null, slice.Organs, presentSites, lesions.Count, lesionFacts,
            slice.KnownOrgans.Except(slice.Organs).ToList())
        {
            Sequence = subject.Sequence,
            Colour = slice.Channels == 3,
            Eye = slice.Eye,
        };
    }
}
