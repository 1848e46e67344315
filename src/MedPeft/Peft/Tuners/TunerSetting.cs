using System.Reflection;

namespace MedPeft.Peft.Tuners;

/// <summary>
/// One setting of an options record: a property marked <see cref="TunerSettingAttribute"/>, named as
/// the library reports it (<c>LoraOptions.Rank</c>), with its file key, front-end key, help and default.
/// </summary>
internal sealed class TunerSetting
{
    readonly PropertyInfo property;
    readonly TunerSettingAttribute declared;

    TunerSetting(PropertyInfo property, TunerSettingAttribute declared)
    {
        this.property = property;
        this.declared = declared;
    }

    /// <summary>The record's settings in declaration order.</summary>
    public static IReadOnlyList<TunerSetting> Of(Type optionsType) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken)
            .Where(p => p.GetCustomAttribute<TunerSettingAttribute>() is not null)
            .Select(p => new TunerSetting(p, p.GetCustomAttribute<TunerSettingAttribute>()!)).ToList();

    /// <summary><c>Type.Property</c>, the name validation messages use.</summary>
    public string Name => $"{OptionsType.Name}.{property.Name}";

    public string FileKey => declared.FileKey;
    public string Key => declared.Key;
    public string Help => declared.Help;
    public Type OptionsType => property.DeclaringType!;
    public Type ValueType => property.PropertyType;

    public object? Get(ITunerOptions options) => property.GetValue(options);

    /// <summary>The default value, as text (<see cref="SettingText"/>).</summary>
    public string DefaultText => SettingText.Format(Get(NewOptions(OptionsType)));

    /// <summary>Reads a value from text; a value it cannot read is an <see cref="InvalidSettingException"/> naming this setting.</summary>
    public object Parse(string text) => SettingText.Parse(text, ValueType, Name);

    /// <summary>A record of <paramref name="optionsType"/> with its defaults.</summary>
    public static ITunerOptions NewOptions(Type optionsType) => (ITunerOptions)Activator.CreateInstance(optionsType)!;

    /// <summary>A record of <paramref name="optionsType"/> with the given values and the defaults for the rest.</summary>
    public static ITunerOptions Build(Type optionsType, IEnumerable<(TunerSetting Setting, object? Value)> values)
    {
        var options = NewOptions(optionsType);
        foreach (var (setting, value) in values) setting.property.SetValue(options, value);
        return options;
    }
}
