using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.Data.Images;
using Microsoft.AspNetCore.Http;

namespace MedPeft.Serving;

/// <summary>
/// Reads an <see cref="AnswerRequest"/> from a multipart form (<c>image</c> file, <c>question</c>, <c>adapter</c>
/// repeated or <c>adapters</c> comma-separated, <c>slice</c>, <c>plane</c>, <c>frame</c>, <c>num_beams</c>,
/// <c>max_new_tokens</c>) or from a JSON object with the same fields and the image in base64. Every field it cannot
/// read is a 400 naming the field.
/// </summary>
internal static class AnswerRequestReader
{
    public static async Task<AnswerRequest> ReadAsync(HttpRequest request, bool questionRequired)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var file = form.Files.GetFile("image") ?? throw ServingException.BadRequest("field 'image': expected an image file (PNG, JPEG, DICOM or NIfTI).");
            using var stream = new MemoryStream();
            await file.CopyToAsync(stream, request.HttpContext.RequestAborted);
            var adapters = form["adapter"].Concat(form["adapters"].SelectMany(list => (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            return Build(stream.ToArray(), file.FileName is { Length: > 0 } name ? Path.GetFileName(name) : "image", Text(form["question"]), adapters.ToList(),
                Text(form["slice"]), Text(form["plane"]), Text(form["frame"]), Text(form["num_beams"]), Text(form["max_new_tokens"]), questionRequired);
        }
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw ServingException.BadRequest($"the body is neither a multipart form nor valid JSON ({e.Message}).");
        }
        return FromJson(body as JsonObject ?? throw ServingException.BadRequest("expected a JSON object or a multipart form."), questionRequired, "");
    }

    /// <summary>A request from a JSON object; <paramref name="where"/> prefixes field names in messages (<c>items[2].</c>).</summary>
    public static AnswerRequest FromJson(JsonObject json, bool questionRequired, string where)
    {
        byte[] image;
        try
        {
            image = Convert.FromBase64String(String(json, "image", where) ?? throw ServingException.BadRequest($"field '{where}image': expected the image as base64."));
        }
        catch (FormatException)
        {
            throw ServingException.BadRequest($"field '{where}image': not valid base64.");
        }
        var adapters = new List<string?>();
        if (json["adapter"] is { } one) adapters.Add(one.GetValueKind() == JsonValueKind.Null ? null : String(json, "adapter", where));
        if (json["adapters"] is JsonArray many)
            adapters.AddRange(many.Select((a, i) => a is null ? null : a.GetValueKind() == JsonValueKind.String ? a.GetValue<string>()
                : throw ServingException.BadRequest($"field '{where}adapters[{i}]': expected an adapter name or null.")));
        else if (json["adapters"] is not null) throw ServingException.BadRequest($"field '{where}adapters': expected a list of adapter names.");
        return Build(image, String(json, "filename", where) ?? "image", String(json, "question", where), adapters,
            Scalar(json, "slice", where), String(json, "plane", where), Scalar(json, "frame", where), Scalar(json, "num_beams", where), Scalar(json, "max_new_tokens", where),
            questionRequired, where);
    }

    static AnswerRequest Build(byte[] image, string imageName, string? question, List<string?> adapters, string? slice, string? plane, string? frame,
        string? beams, string? tokens, bool questionRequired, string where = "")
    {
        if (questionRequired && string.IsNullOrWhiteSpace(question)) throw ServingException.BadRequest($"field '{where}question': expected the question to answer.");
        var names = adapters.Select(a => a is null || a == AdapterNames.Base || a.Length == 0 ? null : a).Distinct().ToList();
        if (names.Count == 0) names.Add(null);
        var options = new MedicalImageOptions(Integer(frame, where + "frame", 0, int.MaxValue), Plane(plane, where), Integer(slice, where + "slice", 0, int.MaxValue));
        return new AnswerRequest(image, imageName, question, names, options, Integer(beams, where + "num_beams", 1, 8), Integer(tokens, where + "max_new_tokens", 1, 512));
    }

    static SlicePlane Plane(string? text, string where) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "axial" => SlicePlane.Axial,
        "coronal" => SlicePlane.Coronal,
        "sagittal" => SlicePlane.Sagittal,
        _ => throw ServingException.BadRequest($"field '{where}plane' is '{text}': expected axial, coronal or sagittal."),
    };

    static int? Integer(string? text, string field, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
            : throw ServingException.BadRequest($"field '{field}' is '{text}': expected a whole number from {min} to {max}.");
    }

    static string? Text(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values[^1];

    static string? String(JsonObject json, string field, string where) => json[field] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw ServingException.BadRequest($"field '{where}{field}': expected a string."),
    };

    // A number field, read as text so one parser checks forms and JSON alike.
    static string? Scalar(JsonObject json, string field, string where) => json[field] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String => value.ToString(),
        _ => throw ServingException.BadRequest($"field '{where}{field}': expected a number."),
    };
}
