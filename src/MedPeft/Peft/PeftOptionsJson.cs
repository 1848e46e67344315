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
            if (settings.TryGetValue(key, out var setting)) values.Add((setting, JsonSerializer.Deserialize(ref reader, setting.ValueType, options)));
            else reader.Skip();
        }
        return values.GroupBy(v => v.Setting.OptionsType).Aggregate(new PeftOptions(), (peft, group) => peft.With(TunerSetting.Build(group.Key, group)));
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
