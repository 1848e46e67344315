using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MedPeft.Serving;

/// <summary>
/// The token every <c>/v1/</c> call must carry as <c>Authorization: Bearer &lt;token&gt;</c>. Both sides are hashed
/// (SHA-256) and the hashes compared in constant time, so neither the token's content nor its length shows in timing.
/// </summary>
internal sealed class BearerToken(string token)
{
    readonly byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public string Text { get; } = token;

    /// <summary>The token in a file (its first line, trimmed); an empty one is refused.</summary>
    public static BearerToken FromFile(string path)
    {
        if (!File.Exists(path)) throw new MedPeftException($"--token-file {path}: no such file.");
        var token = File.ReadLines(path).FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(token) ? throw new MedPeftException($"--token-file {path}: the first line is empty; expected the token.") : new BearerToken(token);
    }

    public bool Accepts(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
