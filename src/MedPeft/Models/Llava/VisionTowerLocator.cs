using MedPeft.Models.Configs;

namespace MedPeft.Models.Llava;

/// <summary>
/// Finds the CLIP folder an original-layout LLaVA checkpoint's vision tower is loaded from (the
/// checkpoint names it in <c>mm_vision_tower</c> but does not hold it): the folder chosen with
/// <see cref="Use"/> (what the user gave), else <c>mm_vision_tower</c> as an absolute or model-relative
/// path, else that HF hub id in the HF cache
/// (<c>$HF_HUB_CACHE</c>, or <c>$HF_HOME/hub</c>, <c>~/.cache/huggingface/hub</c> by default:
/// <c>models--&lt;org&gt;--&lt;name&gt;/snapshots/&lt;revision&gt;/</c>, the revision <c>refs/main</c> names first).
/// </summary>
internal static class VisionTowerLocator
{
    /// <summary>The setting a user gives the vision tower folder with.</summary>
    public const string FolderSetting = "VisionTowerLocator.Folder";

    // Flows with the command that set it (and its tasks), not to concurrent ones.
    static readonly AsyncLocal<string?> chosen = new();

    /// <summary>The folder given with <see cref="Use"/>, if any.</summary>
    public static string? Chosen => chosen.Value;

    /// <summary>Loads every original-layout model's vision tower from <paramref name="folder"/> until disposed (null: look it up).</summary>
    public static IDisposable Use(string? folder)
    {
        var previous = chosen.Value;
        chosen.Value = folder;
        return new Restore(() => chosen.Value = previous);
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>The vision tower folder of the model in <paramref name="modelFolder"/>, whose config is <paramref name="config"/>.</summary>
    public static string Find(string modelFolder, ConfigObject config, string? hubCache = null)
    {
        if (chosen.Value is { } given)
            return IsModelFolder(given) ? Path.GetFullPath(given)
                : throw new InvalidSettingException(FolderSetting, $"'{given}' is not a folder with a {HfModelLoader.ConfigFile} (expected a CLIPModel or CLIPVisionModel folder)");
        var name = LlavaOriginalConfig.VisionTowerName(config);
        if (name is null)
            throw new InvalidSettingException(FolderSetting, $"is needed: {config.Source} names no vision tower (no mm_vision_tower field); give the CLIP model's folder");
        var looked = Candidates(modelFolder, name, hubCache ?? HubCache()).Distinct().ToList();
        return looked.FirstOrDefault(IsModelFolder) is { } found
            ? Path.GetFullPath(found)
            : throw new InvalidSettingException(FolderSetting,
                $"is needed: the vision tower '{name}' (mm_vision_tower in {config.Source}) is in none of {string.Join(", ", looked)}; download that CLIP model or give its folder");
    }

    /// <summary>The places <paramref name="name"/> may be, in the order they are tried.</summary>
    public static IEnumerable<string> Candidates(string modelFolder, string name, string hubCache)
    {
        if (Path.IsPathRooted(name))
        {
            yield return name;
            yield break;
        }
        yield return Path.Combine(modelFolder, name);
        var parts = name.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0)) yield break;
        var repository = Path.Combine(hubCache, $"models--{parts[0]}--{parts[1]}");
        var snapshots = Path.Combine(repository, "snapshots");
        var main = Path.Combine(repository, "refs", "main");
        if (File.Exists(main)) yield return Path.Combine(snapshots, File.ReadAllText(main).Trim());
        var others = Directory.Exists(snapshots)
            ? Directory.GetDirectories(snapshots).OrderByDescending(Directory.GetLastWriteTimeUtc).ToList()
            : new List<string>();
        if (others.Count == 0 && !File.Exists(main)) yield return Path.Combine(snapshots, "<revision>");
        foreach (var snapshot in others) yield return snapshot;
    }

    /// <summary>The HF hub cache folder the environment names.</summary>
    public static string HubCache()
    {
        if (Environment.GetEnvironmentVariable("HF_HUB_CACHE") is { Length: > 0 } hub) return hub;
        var home = Environment.GetEnvironmentVariable("HF_HOME") is { Length: > 0 } hfHome ? hfHome
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface");
        return Path.Combine(home, "hub");
    }

    static bool IsModelFolder(string folder) => File.Exists(Path.Combine(folder, HfModelLoader.ConfigFile));
}
