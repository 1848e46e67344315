using System.Collections.Concurrent;
using MedPeft.Peft;

namespace MedPeft.Serving;

/// <summary>The adapters the server answers with, by name; loading and unloading them by request goes through here.</summary>
internal sealed class AdapterRegistry(InferenceEngine engine, AdapterRoot? root)
{
    readonly ConcurrentDictionary<string, ServedAdapter> loaded = new(StringComparer.Ordinal);
    readonly object loading = new();

    public IReadOnlyList<ServedAdapter> All => loaded.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();

    public ServedAdapter Get(string name) => loaded.TryGetValue(name, out var adapter) ? adapter : throw ServingException.UnknownAdapter(name);

    /// <summary>Loads an adapter folder the operator named (on the command line).</summary>
    public ServedAdapter Load(string name, string folder)
    {
        AdapterNames.Check(name, "adapter name");
        lock (loading)
        {
            if (loaded.ContainsKey(name)) throw new ServingException(409, "name_taken", $"an adapter named '{name}' is already loaded; DELETE /v1/adapters/{name} first.");
            var adapter = engine.Load(name, folder);
            loaded[name] = adapter;
            return adapter;
        }
    }

    /// <summary>Loads a folder under the adapter root (a request's path); messages do not show the server's folders.</summary>
    public ServedAdapter LoadFromRoot(string name, string path)
    {
        if (root is null) throw new ServingException(403, "loading_disabled", "loading adapters by request is off: start the server with --adapter-root.");
        try
        {
            return Load(Checked(name), root.Resolve(path));
        }
        catch (AdapterMismatchException e)
        {
            throw new AdapterMismatchException(root.Hide(e.Message));
        }
        catch (MedPeftException e)
        {
            throw ServingException.BadRequest(root.Hide(e.Message));
        }
    }

    public void Remove(string name)
    {
        if (!loaded.TryRemove(name, out var adapter)) throw ServingException.UnknownAdapter(name);
        engine.Unload(adapter);
    }

    /// <summary>Unloads every adapter (the server stops; the engine may serve again).</summary>
    public void Clear()
    {
        foreach (var name in loaded.Keys) Remove(name);
    }

    static string Checked(string name)
    {
        try
        {
            return AdapterNames.Check(name, "field 'name'");
        }
        catch (MedPeftException e)
        {
            throw ServingException.BadRequest(e.Message);
        }
    }
}
