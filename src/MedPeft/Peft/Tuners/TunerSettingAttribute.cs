namespace MedPeft.Peft.Tuners;

/// <summary>Marks a property of an <see cref="ITunerOptions"/> record as a setting.</summary>
/// <param name="fileKey">Its key in <c>medpeft_adapter.json</c> and <c>run.json</c>, e.g. <c>lora_rank</c>.</param>
/// <param name="key">The key a front end offers it under, e.g. <c>lora-r</c> (the command line's <c>--lora-r</c>).</param>
/// <param name="help">One line on what it does.</param>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TunerSettingAttribute(string fileKey, string key, string help) : Attribute
{
    public string FileKey { get; } = fileKey;
    public string Key { get; } = key;
    public string Help { get; } = help;
}
