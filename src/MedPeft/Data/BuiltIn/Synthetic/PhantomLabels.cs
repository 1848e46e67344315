namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>Paints the label map of a phantom: each pixel gets the 1-based index of the last part covering its centre.</summary>
static class PhantomLabels
{
    public static byte[] Paint(IReadOnlyList<PhantomStructure> structures, int size)
    {
        if (structures.Count > 200) throw new ArgumentException("too many parts for a byte label map");
        var labels = new byte[size * size];
        for (var index = 0; index < structures.Count; index++)
            foreach (var part in structures[index].Parts)
                Fill(labels, size, part, (byte)(index + 1));
        return labels;
    }

    /// <summary>Sets every pixel whose centre lies in <paramref name="ellipse"/> to <paramref name="label"/>.</summary>
    public static void Fill(byte[] labels, int size, Ellipse ellipse, byte label)
    {
        var (x0, y0, x1, y1) = ellipse.PixelBounds(size);
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
                if (ellipse.Contains(x + 0.5, y + 0.5)) labels[y * size + x] = label;
    }

    /// <summary>True when every pixel within <paramref name="margin"/> pixels of the ellipse carries one of the accepted labels.</summary>
    public static bool Within(byte[] labels, int size, Ellipse ellipse, double margin, Func<byte, bool> accepted)
    {
        var grown = ellipse with { RadiusX = ellipse.RadiusX + margin, RadiusY = ellipse.RadiusY + margin };
        var (x0, y0, x1, y1) = grown.PixelBounds(size);
        if (grown.CenterX - grown.RadiusX < 0 || grown.CenterY - grown.RadiusY < 0 ||
            grown.CenterX + grown.RadiusX > size || grown.CenterY + grown.RadiusY > size) return false;
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
                if (grown.Contains(x + 0.5, y + 0.5) && !accepted(labels[y * size + x])) return false;
        return true;
    }
}
