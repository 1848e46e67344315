namespace MedPeft.Models.Configs;

/// <summary>Consistency checks shared by the config readers.</summary>
static class ConfigChecks
{
    public static void Divisible(string source, string name, int value, string byName, int by)
    {
        if (by <= 0 || value <= 0 || value % by != 0)
            throw new MedPeftException($"{source}: '{name}' ({value}) must be a positive multiple of '{byName}' ({by}).");
    }
}
