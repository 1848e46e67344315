using System.Text.Json;
using System.Text.Json.Serialization;
using MedPeft.Peft.Tuners;

namespace MedPeft.Peft;

/// <summary>
/// <see cref="PeftOptions"/> as one flat object, <c>{"lora_rank": 8, ..., "adapter_size": 64}</c>: every
/// setting of the default registry's tuners under its file key, in <see cref="SettingOrder"/>. Keys missing
/// when read keep their defaults; unknown keys are skipped.
/// </summary>
internal sealed class PeftOptionsJson : JsonConverter<PeftOptions>
{
    public override PeftOptions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("PEFT options must be an object.");
        var settings = TunerRegistry.Default.Settings.ToDictionary(s => s.FileKey);
        var values = new List<(TunerSetting Setting, object? Value)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (!settings.TryGetValue(key, out var setting))
            {
                reader.Skip();
                continue;
            }
            var value = JsonSerializer.Deserialize(ref reader, setting.ValueType, options)
                ?? throw new JsonException($"'{key}' is null; expected a value or no key (its default).");
            values.Add((setting, value));
        }
        return values.GroupBy(v => v.Setting.OptionsType).Aggregate(new PeftOptions(), (peft, group) => peft.With(TunerSetting.Build(group.Key, group)));
    }

    /// <summary>
    /// The file key of a setting named as <see cref="InvalidSettingException.Setting"/> names it (<c>LoraOptions.Rank</c>
    /// is <c>lora_rank</c>), so that a file's reader names the field; null for a setting of no tuner.
    /// </summary>
    public static string? FileKeyOf(string setting) => TunerRegistry.Default.Settings.FirstOrDefault(s => s.Name == setting)?.FileKey;

    /// <summary>Checks options read from the object <paramref name="field"/> of <paramref name="path"/>; a bad value names the file and its key.</summary>
    public static PeftOptions Validated(PeftOptions options, string path, string field)
    {
        try
        {
            return options.Validated();
        }
        catch (InvalidSettingException e)
        {
            throw new MedPeftException($"{path}: field '{field}.{FileKeyOf(e.Setting) ?? e.Setting}' {e.Problem}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, PeftOptions value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var setting in TunerRegistry.Default.Settings)
        {
            writer.WritePropertyName(setting.FileKey);
            JsonSerializer.Serialize(writer, setting.Get(value.Get(setting.OptionsType)), setting.ValueType, options);
        }
        writer.WriteEndObject();
    }
}
