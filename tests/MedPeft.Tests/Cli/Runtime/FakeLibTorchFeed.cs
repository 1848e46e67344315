using System.IO.Compression;
using System.Security.Cryptography;
using MedPeft.Cli.Runtime;
using NuGet.Configuration;

namespace MedPeft.Tests.Cli.Runtime;

/// <summary>
/// A tiny stand-in for a LibTorch runtime package (a nuspec and two small "libraries") in a local
/// folder feed, with a nuget.config that names only that feed.
/// </summary>
internal sealed class FakeLibTorchFeed : IDisposable
{
    public const string Id = "fake-libtorch-cpu", Version = "1.2.3";
    readonly TemporaryFolder folder = new();

    public FakeLibTorchFeed()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(CacheRoot);
        Bytes = Build();
        File.WriteAllBytes(Nupkg, Bytes);
        Package = new LibTorchPackage(Id, Version, Bytes.Length, Convert.ToBase64String(SHA512.HashData(Bytes)), "runtimes/linux-x64/native/");
        File.WriteAllText(ConfigFile, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    public string Feed => folder.File("feed");
    public string CacheRoot => folder.File("cache");
    public string Nupkg => Path.Combine(Feed, $"{Id}.{Version}.nupkg");
    public string ConfigFile => folder.File("nuget.config");
    public byte[] Bytes { get; }
    public LibTorchPackage Package { get; }

    /// <summary>The contents of each library in the package, by file name.</summary>
    public static IReadOnlyDictionary<string, string> Libraries { get; } = new Dictionary<string, string>
    {
        [LibTorchPackage.MainLibrary] = "not really libtorch",
        ["libc10.so"] = "not really c10",
    };

    public NuGetFeeds Feeds() => new(Settings.LoadSpecificSettings(folder.Path, "nuget.config"));

    /// <summary>A nuget.config naming only <paramref name="source"/>.</summary>
    public NuGetFeeds FeedsAt(string source)
    {
        var config = folder.File($"nuget-{Guid.NewGuid():N}.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="other" value="{source}" /></packageSources></configuration>
            """);
        return new(Settings.LoadSpecificSettings(folder.Path, Path.GetFileName(config)));
    }

    public LibTorchCache Cache(LibTorchPackage? package = null) => new(CacheRoot, package ?? Package);

    static byte[] Build()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create))
        {
            Add(zip, $"{Id}.nuspec", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{Id}</id><version>{Version}</version><authors>tests</authors><description>A fake LibTorch.</description></metadata>
                </package>
                """);
            Add(zip, "LICENSE.txt", "none");
            foreach (var (name, text) in Libraries) Add(zip, $"runtimes/linux-x64/native/{name}", text);
        }
        return memory.ToArray();
    }

    static void Add(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }

    public void Dispose() => folder.Dispose();
}
