namespace MedPeft.Serving;

/// <summary>
/// The folder adapters may be loaded from by request. A requested path is combined with it, every symbolic link on
/// the way is followed, and the result must lie inside the root's own resolved path, as must each adapter file in it:
/// <c>..</c>, an absolute path or a link pointing out are refused.
/// </summary>
internal sealed class AdapterRoot(string folder)
{
    static readonly string[] AdapterFiles = ["medpeft_adapter.json", "adapter_model.safetensors", "adapter_config.json"];

    public string Path { get; } = RealPath(System.IO.Path.GetFullPath(folder));

    /// <summary>The resolved adapter folder for <paramref name="relative"/>.</summary>
    public string Resolve(string relative)
    {
        if (string.IsNullOrWhiteSpace(relative)) throw ServingException.BadRequest("field 'path': expected a folder under the adapter root.");
        string resolved;
        try
        {
            resolved = RealPath(System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative)));
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw ServingException.BadRequest($"field 'path' '{relative}': cannot be resolved ({e.Message}).");
        }
        if (!Inside(resolved)) throw new ServingException(403, "outside_adapter_root", $"field 'path' '{relative}': the folder is not under the adapter root.");
        if (!Directory.Exists(resolved)) throw new ServingException(404, "no_such_folder", $"field 'path' '{relative}': no such folder under the adapter root.");
        foreach (var file in AdapterFiles.Select(f => System.IO.Path.Combine(resolved, f)).Where(File.Exists))
            if (!Inside(RealPath(file))) throw new ServingException(403, "outside_adapter_root", $"field 'path' '{relative}': {System.IO.Path.GetFileName(file)} links outside the adapter root.");
        return resolved;
    }

    /// <summary>A message with the root's path replaced by <c>&lt;adapter-root&gt;</c> (clients need not learn the server's folders).</summary>
    public string Hide(string message) => message.Replace(Path, "<adapter-root>", StringComparison.Ordinal);

    bool Inside(string path) => path.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The absolute path with every symbolic link of every component followed (what realpath(3) gives).</summary>
    static string RealPath(string full)
    {
        var current = System.IO.Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = System.IO.Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target) next = RealPath(target.FullName);
            current = next;
        }
        return current;
    }
}
