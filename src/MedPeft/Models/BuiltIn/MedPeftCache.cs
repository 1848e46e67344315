namespace MedPeft.Models.BuiltIn;

/// <summary>
/// The per-user cache of what MedPeft builds on first use (the base model, the built-in datasets):
/// <c>$MEDPEFT_CACHE</c>, else <c>$XDG_CACHE_HOME/medpeft</c>, else <c>~/.cache/medpeft</c>.
/// </summary>
internal static class MedPeftCache
{
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("MEDPEFT_CACHE") is { Length: > 0 } explicitRoot) return explicitRoot;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(xdg is { Length: > 0 } ? xdg : Path.Combine(home, ".cache"), "medpeft");
        }
    }

    public static string Folder(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());
}
