using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace MedPeft.Peft.Tuners;

/// <summary>
/// A setting's value as a command line writes it: numbers in the invariant culture, lists
/// comma-separated (<c>q,v</c>), enum values in snake_case (<c>self,cross</c>), as in the files.
/// </summary>
internal static class SettingText
{
    public static string Format(object? value) => value switch
    {
        null => "",
        Enum e => JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()),
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(",", items.Cast<object>().Select(Format)),
        _ => value.ToString() ?? "",
    };

    /// <summary>Reads a value of <paramref name="type"/>; what it cannot read is an <see cref="InvalidSettingException"/> for <paramref name="setting"/>.</summary>
    public static object Parse(string text, Type type, string setting)
    {
        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole
                : throw new InvalidSettingException(setting, $"must be a whole number (got '{text}')");
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
                : throw new InvalidSettingException(setting, $"must be a number (got '{text}')");
        if (type == typeof(string)) return text;
        if (ListElement(type) is { } element)
        {
            var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).ToList();
            if (element == typeof(string)) return items.ToArray();
            if (element.IsEnum) return Values(items.Select(i => EnumValue(i, element, setting)).Distinct().ToList(), element);
        }
        throw new ArgumentException($"{setting}: settings of type {type.Name} cannot be read from text.", nameof(type));
    }

    static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    static object EnumValue(string text, Type enumType, string setting)
    {
        var values = Enum.GetValues(enumType).Cast<Enum>().ToList();
        return values.FirstOrDefault(v => Format(v) == text)
            ?? throw new InvalidSettingException(setting, $"has an unknown kind '{text}'; expected {string.Join(", ", values.Select(Format))} or several, comma-separated");
    }

    /// <summary>A typed array of the values, which a record's <c>IReadOnlyList&lt;T&gt;</c> property takes.</summary>
    static Array Values(List<object> values, Type element)
    {
        var array = Array.CreateInstance(element, values.Count);
        for (int i = 0; i < values.Count; i++) array.SetValue(values[i], i);
        return array;
    }
}
