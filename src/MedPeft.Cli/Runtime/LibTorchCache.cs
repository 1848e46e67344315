using System.IO.Compression;
using System.Security.Cryptography;
using MedPeft.IO;

namespace MedPeft.Cli.Runtime;

/// <summary>
/// LibTorch's shared libraries unpacked from <paramref name="package"/> into
/// <c>&lt;root&gt;/libtorch/&lt;version&gt;/</c>. The folder appears whole or not at all (it is filled under
/// a temporary name and renamed), so a process that finds it can use it while another is still
/// unpacking, and two processes unpacking at once leave one complete copy.
/// </summary>
internal sealed class LibTorchCache(string root, LibTorchPackage package)
{
    public LibTorchPackage Package => package;

    /// <summary>Where the libraries are (or will be).</summary>
    public string Folder => Path.Combine(Parent, package.Version);

    /// <summary>The folder downloads are written to before they are checked.</summary>
    public string Parent => Path.Combine(root, "libtorch");

    public bool IsInstalled => File.Exists(Path.Combine(Folder, LibTorchPackage.MainLibrary));

    /// <summary>
    /// Checks that <paramref name="nupkg"/> is the expected package (size and SHA-512), then unpacks its
    /// native folder into <see cref="Folder"/>. Does nothing if another process installed it meanwhile.
    /// </summary>
    public void InstallFrom(string nupkg)
    {
        Verify(nupkg);
        try
        {
            AtomicDirectory.Create(Folder, folder => Unpack(nupkg, folder));
        }
        catch (Exception) when (IsInstalled)
        {
            // Another process renamed its complete copy into place first; that one is used.
        }
    }

    void Verify(string nupkg)
    {
        var size = new FileInfo(nupkg).Length;
        if (size != package.Size)
            throw new MedPeftException($"{nupkg}: {size} bytes; {package} is {package.Size} bytes. Not that package, or cut short.");
        using var stream = File.OpenRead(nupkg);
        var hash = Convert.ToBase64String(SHA512.HashData(stream));
        if (hash != package.Sha512)
            throw new MedPeftException($"{nupkg}: SHA-512 {hash} is not that of {package} ({package.Sha512}).");
    }

    void Unpack(string nupkg, string folder)
    {
        using var archive = ZipFile.OpenRead(nupkg);
        var libraries = archive.Entries
            .Where(e => e.FullName.StartsWith(package.NativeFolder, StringComparison.Ordinal) && e.Name.Length > 0)
            .ToList();
        if (!libraries.Any(e => e.Name == LibTorchPackage.MainLibrary))
            throw new MedPeftException($"{nupkg}: has no {package.NativeFolder}{LibTorchPackage.MainLibrary}.");
        foreach (var entry in libraries) entry.ExtractToFile(Path.Combine(folder, entry.Name));
    }
}
