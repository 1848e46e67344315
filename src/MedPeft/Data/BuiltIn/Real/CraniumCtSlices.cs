using System.Buffers.Binary;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Slices of InVesalius' example head CT (an InVesalius project: a gzipped tar holding main.plist and
/// matrix.dat, int16 Hounsfield units, z by y by x). InVesalius keeps DICOM's column order (the
/// patient's right first) and stores rows and slices bottom-up, so rows and slices are turned over
/// for display. Skull is bone (HU at least 250); the intracranial space is what the skull encloses
/// on each axial slice; its left and right halves are the hemispheres.
/// </summary>
static class CraniumCtSlices
{
    public static readonly IReadOnlyList<string> KnownOrgans = ["brain", "skull"];

    const short BoneHu = 250;
    const double WindowLevel = 40, WindowWidth = 120;
    const int MinimumBrainPixels = 1500, MinimumSkullPixels = 150, BoneGrowth = 2, MaxGapSlices = 4;

    /// <param name="perPlane">How many slices to take per plane, evenly spaced over those that show enough brain.</param>
    public static IEnumerable<RealSlice> Read(string root, int perPlane)
    {
        var path = RealSources.PathOf(root, RealSources.Cranium, 0);
        var (hu, depth, height, width, spacing) = Load(path);
        var intracranial = Intracranial(hu, depth, height, width);
        var midline = MeanColumn(intracranial, width);

        foreach (var plane in new[] { "axial", "coronal", "sagittal" })
        {
            var count = plane switch { "axial" => depth, "coronal" => height, _ => width };
            var candidates = Enumerable.Range(0, count)
                .Where(index => plane != "sagittal" || Math.Abs(index - midline) >= 8)
                .Where(index => BrainPixels(intracranial, plane, index, depth, height, width) >= MinimumBrainPixels)
                .ToList();
            foreach (var index in RealSlicePicker.Evenly(candidates, perPlane))
            {
                // (row, column) of the slice to (z, y, x) of the volume, turned so that up is anterior (axial) or superior.
                var (rows, columns, rowMm, columnMm) = plane switch
                {
                    "axial" => (height, width, spacing.Y, spacing.X),
                    "coronal" => (depth, width, spacing.Z, spacing.X),
                    _ => (depth, height, spacing.Z, spacing.Y),
                };
                int Voxel(int r, int c) => plane switch
                {
                    "axial" => (index * height + (height - 1 - r)) * width + c,
                    "coronal" => ((depth - 1 - r) * height + index) * width + c,
                    _ => ((depth - 1 - r) * height + c) * width + index,
                };
                var display = new double[rows * columns];
                var sites = new byte[rows * columns];
                int brain = 0, skull = 0;
                for (var r = 0; r < rows; r++)
                    for (var c = 0; c < columns; c++)
                    {
                        var v = Voxel(r, c);
                        var i = r * columns + c;
                        display[i] = Math.Clamp((hu[v] - (WindowLevel - WindowWidth / 2)) * 255 / WindowWidth, 0, 255);
                        if (hu[v] >= BoneHu) skull++;
                        if (!intracranial[v]) continue;
                        brain++;
                        var x = v % width;
                        if (plane == "sagittal") sites[i] = (byte)(index < midline ? 1 : 2);
                        else if (Math.Abs(x - midline) >= 2) sites[i] = (byte)(x < midline ? 1 : 2); // column 0 is the patient's right
                    }
                var organs = new List<string> { "brain" };
                if (skull >= MinimumSkullPixels) organs.Add("skull");
                yield return new RealSlice(RealSubjects.Cranium, plane, $"{plane} ct of the head",
                    rows, columns, rowMm, columnMm, 1, display, sites, ["right hemisphere", "left hemisphere"], organs, KnownOrgans);
            }
        }
    }

    static (short[] Hu, int Depth, int Height, int Width, (double X, double Y, double Z) Spacing) Load(string path)
    {
        try
        {
            byte[]? matrix = null;
            XDocument? main = null;
            using (var reader = new TarReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress)))
            {
                while (reader.GetNextEntry() is { } entry)
                {
                    if (entry.DataStream is null) continue;
                    var name = Path.GetFileName(entry.Name);
                    if (name == "main.plist") main = XDocument.Load(entry.DataStream);
                    else if (name == "matrix.dat")
                    {
                        using var buffer = new MemoryStream();
                        entry.DataStream.CopyTo(buffer);
                        matrix = buffer.ToArray();
                    }
                }
            }
            if (main is null || matrix is null) throw new MedPeftException($"{path}: no main.plist or matrix.dat inside; not an InVesalius project");
            var shape = PlistArray(main, "shape", path);
            var spacing = PlistArray(main, "spacing", path);
            int depth = (int)shape[0], height = (int)shape[1], width = (int)shape[2];
            if (matrix.Length != depth * height * width * 2)
                throw new MedPeftException($"{path}: matrix.dat holds {matrix.Length} bytes, the shape {depth}x{height}x{width} int16 needs {depth * height * width * 2}");
            var hu = new short[depth * height * width];
            for (var i = 0; i < hu.Length; i++) hu[i] = BinaryPrimitives.ReadInt16LittleEndian(matrix.AsSpan(2 * i));
            return (hu, depth, height, width, (spacing[0], spacing[1], spacing[2]));
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Xml.XmlException or EndOfStreamException)
        {
            throw new MedPeftException($"{path}: cannot be read as an InVesalius project ({e.Message})", e);
        }
    }

    /// <summary>The numbers of the array that follows <c>&lt;key&gt;name&lt;/key&gt;</c> anywhere in the plist.</summary>
    static double[] PlistArray(XDocument plist, string key, string path)
    {
        var array = plist.Descendants("key").FirstOrDefault(k => k.Value == key)?.ElementsAfterSelf().FirstOrDefault();
        if (array is null || array.Name != "array") throw new MedPeftException($"{path}: main.plist has no '{key}' array");
        return array.Elements().Select(e => double.Parse(e.Value, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>On each axial slice: pixels the skull encloses (not reachable from the border without crossing bone).</summary>
    static bool[] Intracranial(short[] hu, int depth, int height, int width)
    {
        var inside = new bool[hu.Length];
        var plane = height * width;
        var reached = new bool[plane];
        var stack = new Stack<int>();
        var bone = new bool[plane];
        for (var z = 0; z < depth; z++)
        {
            Array.Clear(reached);
            Array.Clear(bone);
            // Bone grown by two pixels, so thin or partial-volume stretches of skull still close the ring.
            for (var i = 0; i < plane; i++)
            {
                if (hu[z * plane + i] < BoneHu) continue;
                int bx = i % width, by = i / width;
                for (var dy = -BoneGrowth; dy <= BoneGrowth; dy++)
                    for (var dx = -BoneGrowth; dx <= BoneGrowth; dx++)
                        if (bx + dx >= 0 && bx + dx < width && by + dy >= 0 && by + dy < height) bone[(by + dy) * width + bx + dx] = true;
            }
            bool Open(int i) => !bone[i];
            for (var x = 0; x < width; x++) { Seed(x); Seed((height - 1) * width + x); }
            for (var y = 0; y < height; y++) { Seed(y * width); Seed(y * width + width - 1); }
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                int x = i % width, y = i / width;
                if (x > 0) Seed(i - 1);
                if (x < width - 1) Seed(i + 1);
                if (y > 0) Seed(i - width);
                if (y < height - 1) Seed(i + width);
            }
            for (var i = 0; i < plane; i++)
                inside[z * plane + i] = !reached[i] && Open(i) && hu[z * plane + i] > -100;

            void Seed(int i)
            {
                if (reached[i] || !Open(i)) return;
                reached[i] = true;
                stack.Push(i);
            }
        }
        FillShortGapsAlongZ(inside, hu, depth, plane);
        return inside;
    }

    /// <summary>
    /// Where a slice's skull ring is open (a foramen, a thin temporal bone) that slice finds no inside; fill
    /// such gaps of up to <see cref="MaxGapSlices"/> slices between inside voxels above and below, so
    /// coronal and sagittal cuts of the mask are not striped.
    /// </summary>
    static void FillShortGapsAlongZ(bool[] inside, short[] hu, int depth, int plane)
    {
        for (var i = 0; i < plane; i++)
        {
            var previous = -1;
            for (var z = 0; z < depth; z++)
            {
                if (!inside[z * plane + i]) continue;
                if (previous >= 0 && z - previous > 1 && z - previous <= MaxGapSlices + 1)
                    for (var g = previous + 1; g < z; g++)
                        inside[g * plane + i] = hu[g * plane + i] is > -100 and < BoneHu;
                previous = z;
            }
        }
    }

    static int BrainPixels(bool[] intracranial, string plane, int index, int depth, int height, int width)
    {
        var count = 0;
        for (var a = 0; a < (plane == "axial" ? height : depth); a++)
            for (var b = 0; b < (plane == "sagittal" ? height : width); b++)
            {
                var voxel = plane switch
                {
                    "axial" => (index * height + a) * width + b,
                    "coronal" => (a * height + index) * width + b,
                    _ => (a * height + b) * width + index,
                };
                if (intracranial[voxel]) count++;
            }
        return count;
    }

    static double MeanColumn(bool[] mask, int width)
    {
        double sum = 0;
        long count = 0;
        for (var i = 0; i < mask.Length; i++)
            if (mask[i]) { sum += i % width; count++; }
        if (count == 0) throw new MedPeftException("the example head CT has no slice with a closed skull");
        return sum / count;
    }
}
