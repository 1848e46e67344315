using System.Text.Json;

namespace MedPeft.Data.Images;

/// <summary>
/// Reads an HF <c>preprocessor_config.json</c> (BlipImageProcessor, CLIPImageProcessor, ...) into an
/// <see cref="ImagePreprocessing"/>: <c>do_resize</c>, <c>size</c> ({height, width}, {shortest_edge} or
/// an integer), <c>do_center_crop</c>, <c>crop_size</c>, <c>do_rescale</c>, <c>rescale_factor</c>,
/// <c>do_normalize</c>, <c>image_mean</c>, <c>image_std</c>.
/// </summary>
internal static class PreprocessorConfig
{
    public const string FileName = "preprocessor_config.json";

    /// <summary>The largest side a resize or crop may give, far above any model's input; a larger one is a damaged file.</summary>
    public const int MaxSide = 1 << 13;

    /// <summary>The preprocessing of a model folder: its <c>preprocessor_config.json</c> if it has one, else <paramref name="familyDefault"/>.</summary>
    public static ImagePreprocessing ForModel(string modelFolder, ImagePreprocessing familyDefault)
    {
        var path = Path.Combine(modelFolder, FileName);
        return File.Exists(path) ? Load(path) : familyDefault;
    }

    public static ImagePreprocessing Load(string path)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new MedPeftException($"{path}: not valid JSON ({e.Message})."); }
        catch (IOException e) { throw new MedPeftException($"{path}: cannot be read ({e.Message})."); }
        using (document) return Read(document.RootElement, path);
    }

    static ImagePreprocessing Read(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new MedPeftException($"{path}: expected a JSON object.");
        var reader = new Reader(root, path);

        // CLIP-like processors read an integer size as the shortest edge; the others as a square (HF's default_to_square).
        var processor = reader.OptionalString("image_processor_type") ?? reader.OptionalString("feature_extractor_type") ?? "";
        bool squareByDefault = !processor.Contains("CLIP", StringComparison.OrdinalIgnoreCase);

        var result = new ImagePreprocessing();
        if (reader.Bool("do_resize", true))
        {
            var (exact, shortest) = reader.Size("size", squareByDefault)
                ?? throw new MedPeftException($"{path}: do_resize is true but 'size' is missing.");
            result = result with { ResizeTo = exact, ShortestEdge = shortest };
        }
        if (reader.Bool("do_center_crop", false))
        {
            var (crop, _) = reader.Size("crop_size", squareByDefault: true)
                ?? throw new MedPeftException($"{path}: do_center_crop is true but 'crop_size' is missing.");
            result = result with { CenterCrop = crop };
        }
        if (reader.Bool("do_rescale", true)) result = result with { RescaleFactor = reader.Positive("rescale_factor", 1.0 / 255) };
        if (reader.Bool("do_normalize", true))
        {
            result = result with
            {
                Mean = reader.Triple("image_mean") ?? ImagePreprocessing.OpenAiClipMean,
                Std = reader.Triple("image_std", positive: true) ?? ImagePreprocessing.OpenAiClipStd,
            };
        }
        return result;
    }

    sealed class Reader(JsonElement root, string path)
    {
        public string? OptionalString(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Wrong(key, "a string");
        }

        public bool Bool(string key, bool fallback)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Wrong(key, "true or false"),
            };
        }

        /// <summary>A finite number above 0 (a rescale factor).</summary>
        public double Positive(string key, double fallback)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
            return v.ValueKind == JsonValueKind.Number && v.GetDouble() is var value && value > 0 && double.IsFinite(value)
                ? value : throw Wrong(key, "a positive number");
        }

        /// <summary>
        /// A 3-value list, or a single number used for every channel; finite, and above 0 when <paramref name="positive"/>
        /// (a standard deviation divides).
        /// </summary>
        public float[]? Triple(string key, bool positive = false)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            var values = v.ValueKind == JsonValueKind.Number ? [v, v, v]
                : v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 3 ? v.EnumerateArray().ToArray()
                : throw Wrong(key, "a list of 3 numbers");
            if (values.Any(e => e.ValueKind != JsonValueKind.Number)) throw Wrong(key, "a list of 3 numbers");
            var triple = values.Select(e => e.GetSingle()).ToArray();
            return triple.All(float.IsFinite) && (!positive || triple.All(x => x > 0))
                ? triple : throw Wrong(key, positive ? "3 positive numbers" : "3 finite numbers");
        }

        public ((int, int)? Exact, int? ShortestEdge)? Size(string key, bool squareByDefault)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.Number)
            {
                int side = Side(v, key);
                return squareByDefault ? ((side, side), null) : (null, side);
            }
            if (v.ValueKind != JsonValueKind.Object) throw Wrong(key, "an integer or an object");
            if (v.TryGetProperty("height", out var h) && v.TryGetProperty("width", out var w)) return ((Side(h, key + ".height"), Side(w, key + ".width")), null);
            if (v.TryGetProperty("shortest_edge", out var edge)) return (null, Side(edge, key + ".shortest_edge"));
            throw Wrong(key, "{\"height\", \"width\"} or {\"shortest_edge\"}");
        }

        int Side(JsonElement value, string key) =>
            value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var side) && side is >= 1 and <= MaxSide
                ? side : throw Wrong(key, $"an integer from 1 to {MaxSide}");

        MedPeftException Wrong(string key, string expected) => new($"{path}: field '{key}' must be {expected}.");
    }
}
