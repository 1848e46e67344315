using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Tests.Data.BuiltIn;

/// <summary>Facts measured on a scene's label map with plain image analysis, independent of the generator's bookkeeping.</summary>
sealed record LabelMapTruth(int Count, string? Host, string? Side, string? Vertical, string? SizeClass)
{
    public static LabelMapTruth Of(PhantomScene scene)
    {
        var size = scene.Size;
        var lesion = scene.Labels.Select(label => label > scene.Structures.Count).ToArray();
        var components = Components(lesion, size);
        if (components.Count == 0) return new LabelMapTruth(0, null, null, null, null);

        // The organ around the lesions: every non-lesion 4-neighbour of a lesion pixel must lie in one host.
        var hosts = new HashSet<string?>();
        for (var i = 0; i < lesion.Length; i++)
        {
            if (!lesion[i]) continue;
            foreach (var n in new[] { i - 1, i + 1, i - size, i + size })
                if (n >= 0 && n < lesion.Length && !lesion[n])
                    hosts.Add(scene.Labels[n] == 0 ? null : scene.Structures[scene.Labels[n] - 1].Location);
        }
        var host = Assert.Single(hosts)!;

        // Patient's left is the image's right: compare the lesions' mean column with the body's.
        var bodyX = Mean(Enumerable.Range(0, lesion.Length).Where(i => scene.Labels[i] != 0).Select(i => i % size));
        var lesionX = Mean(components.SelectMany(c => c).Select(i => i % size));
        var side = lesionX > bodyX ? "left" : "right";

        // Upper or lower half of the host organ (lesion pixels included), for a single lesion.
        var hostPixels = Enumerable.Range(0, lesion.Length)
            .Where(i => lesion[i] || scene.Labels[i] != 0 && scene.Structures[scene.Labels[i] - 1].Location == host);
        var vertical = Mean(components[0].Select(i => i / size)) < Mean(hostPixels.Select(i => i / size)) ? "upper" : "lower";

        // Size class from the largest extent in millimetres; the classes are 10-16 and 26-40 mm.
        var largest = components.Max(c =>
        {
            var width = c.Max(i => i % size) - c.Min(i => i % size) + 1;
            var height = c.Max(i => i / size) - c.Min(i => i / size) + 1;
            return Math.Max(width, height) * scene.PixelSpacingMm;
        });
        return new LabelMapTruth(components.Count, host, side, vertical, largest >= 20 ? "large" : "small");
    }

    /// <summary>Mean gray value well inside lesion <paramref name="index"/> and in a ring of its host just outside it.</summary>
    public static (double Inside, double Around) MeanInsideAndAround(PhantomScene scene, byte[] pixels, int index)
    {
        var size = scene.Size;
        var label = scene.LesionLabel(index);
        var lesionPixels = Enumerable.Range(0, pixels.Length).Where(i => scene.Labels[i] == label).ToList();
        double cx = Mean(lesionPixels.Select(i => i % size)), cy = Mean(lesionPixels.Select(i => i / size));
        var radius = lesionPixels.Max(i => Distance(i, size, cx, cy));
        var host = scene.Lesions[index].Location;
        var inside = lesionPixels.Where(i => Distance(i, size, cx, cy) <= radius * 0.5).Select(i => (double)pixels[i]);
        var around = Enumerable.Range(0, pixels.Length).Where(i =>
        {
            var d = Distance(i, size, cx, cy);
            return d > radius + 2 && d < radius + 6 && scene.Labels[i] is var l && l > 0 && l <= scene.Structures.Count && scene.Structures[l - 1].Location == host;
        }).Select(i => (double)pixels[i]);
        return (inside.Average(), around.DefaultIfEmpty(double.NaN).Average());
    }

    static double Distance(int i, int size, double cx, double cy) => Math.Sqrt(Math.Pow(i % size - cx, 2) + Math.Pow(i / size - cy, 2));

    static double Mean(IEnumerable<int> values) => values.Select(v => (double)v).Average();

    /// <summary>8-connected components of the true pixels.</summary>
    public static List<List<int>> Components(bool[] mask, int size)
    {
        var seen = new bool[mask.Length];
        var result = new List<List<int>>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || seen[start]) continue;
            var component = new List<int>();
            var stack = new Stack<int>([start]);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                component.Add(i);
                int x = i % size, y = i / size;
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= size || ny >= size) continue;
                        var n = ny * size + nx;
                        if (mask[n] && !seen[n]) { seen[n] = true; stack.Push(n); }
                    }
            }
            result.Add(component);
        }
        return result;
    }
}
