using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// <c>results.json</c>: the whole <see cref="ComparisonResult"/> with snake_case keys (score keys and split
/// names kept as they are), row kinds as <c>method</c>, <c>zero_shot</c>, <c>majority</c>, plus a
/// <c>verdict</c> object. A value that is not a finite number is written as a string ("NaN").
/// </summary>
internal static class ComparisonJson
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = new SnakeCase(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON text of <paramref name="result"/> and its <paramref name="verdict"/>.</summary>
    public static string Serialize(ComparisonResult result, Verdict verdict)
    {
        var json = JsonSerializer.SerializeToNode(result, Options)!.AsObject();
        json["verdict"] = new JsonObject
        {
            ["line"] = verdict.Line,
            ["efficient_method"] = verdict.EfficientMethod,
            ["best_methods"] = new JsonArray(verdict.BestMethods.Select(name => (JsonNode?)JsonValue.Create(name)).ToArray()),
            ["rule"] = Verdict.Rule,
        };
        return json.ToJsonString(Options) + "\n";
    }

    /// <summary>Reads a <c>results.json</c> back (the verdict is recomputed, not read).</summary>
    /// <exception cref="MedPeftException">The file is missing, is not JSON, or lacks a field of the result.</exception>
    public static ComparisonResult Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<ComparisonResult>(stream, Options)
                ?? throw new MedPeftException($"{path}: holds null; expected a comparison result object.");
        }
        catch (JsonException e)
        {
            throw new MedPeftException($"{path}: not a comparison result ({e.Message}).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MedPeftException($"{path}: cannot be read ({e.Message}).");
        }
    }

    /// <summary>snake_case, except that the product names in the machine record stay whole words.</summary>
    sealed class SnakeCase : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name switch
        {
            nameof(MachineInfo.DotNet) => "dotnet",
            nameof(MachineInfo.TorchSharp) => "torchsharp",
            _ => SnakeCaseLower.ConvertName(name),
        };
    }
}
