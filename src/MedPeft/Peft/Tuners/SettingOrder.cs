namespace MedPeft.Peft.Tuners;

/// <summary>
/// The order settings are written in (<c>medpeft_adapter.json</c>, <c>run.json</c>) and listed in:
/// first the settings files have held since version 1, in that order, so that those files stay byte for
/// byte what they were; then the settings of any later tuner, in registry order.
/// </summary>
internal static class SettingOrder
{
    static readonly string[] Version1 =
    [
        "lora_rank", "lora_alpha", "lora_dropout", "lora_targets", "ia3_targets", "attention_projections", "attention_kinds",
        "prefix_tokens", "prefix_hidden", "prompt_tokens", "adapter_size",
    ];

    public static IReadOnlyList<TunerSetting> Sort(IEnumerable<TunerSetting> settings) =>
        settings.Select((s, i) => (Setting: s, Rank: Array.IndexOf(Version1, s.FileKey) is var v and >= 0 ? v : Version1.Length + i))
            .OrderBy(s => s.Rank).Select(s => s.Setting).ToList();
}
