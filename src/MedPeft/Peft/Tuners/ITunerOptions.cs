namespace MedPeft.Peft.Tuners;

/// <summary>
/// The options record of one or more tuners, e.g. LoRA's rank and alpha. Its settings are the
/// properties marked <see cref="TunerSettingAttribute"/>; a new instance holds the defaults.
/// </summary>
public interface ITunerOptions
{
    /// <summary>Throws <see cref="InvalidSettingException"/> naming the setting when a value is out of range.</summary>
    void Validate();
}
