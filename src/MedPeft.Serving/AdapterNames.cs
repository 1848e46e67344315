using System.Text.RegularExpressions;

namespace MedPeft.Serving;

/// <summary>What an adapter may be called: letters, digits, '.', '_' and '-', up to 64; <c>base</c> names the model without adapter.</summary>
internal static partial class AdapterNames
{
    public const string Base = "base";

    public static string Check(string name, string where)
    {
        if (!Pattern().IsMatch(name)) throw new MedPeftException($"{where} '{name}': an adapter name is 1 to 64 letters, digits, '.', '_' or '-'.");
        if (name == Base) throw new MedPeftException($"{where} '{name}': '{Base}' names the model without adapter; choose another name.");
        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Pattern();
}
