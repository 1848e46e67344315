using System.Security.Cryptography;
using System.Text;
using MedPeft.Models;

namespace MedPeft.Peft;

/// <summary>
/// What an adapter records about the model it was trained on: type, class, parameter count and a
/// fingerprint of every parameter's name and shape, so loading it onto another model is caught.
/// </summary>
internal sealed record BaseModelIdentity(string ModelType, string Architecture, long Parameters, string Fingerprint, IReadOnlyDictionary<string, long[]> Shapes)
{
    public static BaseModelIdentity Of(IHfModel model)
    {
        var shapes = model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape.ToArray(), StringComparer.Ordinal);
        return new BaseModelIdentity(model.ModelType, model.Architecture, shapes.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)), FingerprintOf(shapes), shapes);
    }

    public static string FingerprintOf(IReadOnlyDictionary<string, long[]> shapes)
    {
        var text = new StringBuilder();
        foreach (var (name, shape) in shapes.OrderBy(kv => kv.Key, StringComparer.Ordinal)) text.Append(name).Append(':').AppendJoin(',', shape).Append(';');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant()[..16];
    }

    /// <summary>Why <paramref name="other"/> is not this model, or null when it is.</summary>
    public string? Difference(BaseModelIdentity other)
    {
        if (other.Fingerprint == Fingerprint) return null;
        if (other.ModelType != ModelType) return $"it was trained on a '{ModelType}' model ({Architecture}), this is a '{other.ModelType}' model ({other.Architecture})";
        var changed = Shapes.Where(kv => !other.Shapes.TryGetValue(kv.Key, out var s) || !s.SequenceEqual(kv.Value)).Select(kv => kv.Key)
            .Concat(other.Shapes.Keys.Where(k => !Shapes.ContainsKey(k))).Take(3).ToList();
        return $"it was trained on a {Architecture} with {Parameters:N0} parameters, this one has {other.Parameters:N0}" +
               (changed.Count > 0 ? $" (e.g. '{changed[0]}' differs)" : "");
    }
}
