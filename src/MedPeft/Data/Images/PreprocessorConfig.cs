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

    /// <summary>The preprocessing of a model folder: its <c>preprocessor_config.json</c> if it has one, else <paramref name="familyDefault"/>.</summary>
    public static ImagePreprocessing ForModel(string modelFolder, ImagePreprocessing familyDefault)
    {
        var path = Path.Combine(modelFolder, FileName);
        return File.Exists(path) ? Load(path) : familyDefault;
    }

    public static ImagePreprocessing Load(string path)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (JsonException e) { throw new MedPeftException($"{path}: not valid JSON ({e.Message})."); }
        catch (IOException e) { throw new MedPeftException($"{path}: cannot be read ({e.Message})."); }
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
        if (reader.Bool("do_rescale", true)) result = result with { RescaleFactor = reader.Double("rescale_factor", 1.0 / 255) };
        if (reader.Bool("do_normalize", true))
        {
            result = result with
            {
                Mean = reader.Triple("image_mean") ?? ImagePreprocessing.OpenAiClipMean,
                Std = reader.Triple("image_std") ?? ImagePreprocessing.OpenAiClipStd,
            };
        }
        return result;
    }

    sealed class Reader(JsonElement root, string path)
    {
        public string? OptionalString(string key) =>
            root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

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

        public double Double(string key, double fallback)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
            return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Wrong(key, "a number");
        }

        /// <summary>A 3-value list, or a single number used for every channel.</summary>
        public float[]? Triple(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.Number) return [v.GetSingle(), v.GetSingle(), v.GetSingle()];
            if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 3 || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number))
                throw Wrong(key, "a list of 3 numbers");
            return v.EnumerateArray().Select(e => e.GetSingle()).ToArray();
        }

        public ((int, int)? Exact, int? ShortestEdge)? Size(string key, bool squareByDefault)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.Number)
                return squareByDefault ? ((v.GetInt32(), v.GetInt32()), null) : (null, v.GetInt32());
            if (v.ValueKind != JsonValueKind.Object) throw Wrong(key, "an integer or an object");
            if (v.TryGetProperty("height", out var h) && v.TryGetProperty("width", out var w)) return ((h.GetInt32(), w.GetInt32()), null);
            if (v.TryGetProperty("shortest_edge", out var edge)) return (null, edge.GetInt32());
            throw Wrong(key, "{\"height\", \"width\"} or {\"shortest_edge\"}");
        }

        MedPeftException Wrong(string key, string expected) => new($"{path}: field '{key}' must be {expected}.");
    }
}
