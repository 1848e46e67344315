namespace MedPeft.Data.BuiltIn.Real;

/// <summary>One image of a real set: its id, PNG bytes, what is true of it and the slice it was made from.</summary>
sealed record RealImage(string Id, byte[] Png, ImageFacts Facts, RealSlice Slice)
{
    public string File => $"{Id}.png";
}

/// <summary>Turns slices into dataset images: resampled to a square, lesions drawn, encoded as PNG.</summary>
static class RealImageRenderer
{
    /// <param name="prefix">Image ids are the prefix and the slice's number: "real-00007".</param>
    /// <param name="stream">Separates the random draws of different sets built with one seed.</param>
    public static List<RealImage> Render(IReadOnlyList<RealSlice> slices, string prefix, long seed, long stream, int size)
    {
        var images = new RealImage[slices.Count];
        Parallel.For(0, slices.Count, i =>
        {
            var slice = slices[i];
            var (display, sites, spacing) = RealSliceResampler.Resample(slice, size);
            var facts = RealImageDecorator.Decorate(new DeterministicRandom(seed, i, 2, stream), slice, display, sites, spacing, size);
            var pixels = display.Select(v => (byte)Math.Clamp(Math.Round(v), 0, 255)).ToArray();
            var png = slice.Channels == 3 ? PngImages.EncodeRgb(pixels, size, size) : PngImages.Encode(pixels, size, size);
            images[i] = new RealImage($"{prefix}-{i:D5}", png, facts, slice);
        });
        return [.. images];
    }
}
