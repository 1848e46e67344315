using System.Globalization;
using MedPeft.IO;

namespace MedPeft.Cli.Runtime;

/// <summary>
/// Finds or fetches the LibTorch an installed tool runs on (the tool package leaves it out: it is
/// bigger than a NuGet feed accepts), in this order: the folder or .nupkg that
/// <c>$MEDPEFT_LIBTORCH</c> names; the cache; the package from NuGet's configured feeds, once,
/// into the cache.
/// </summary>
internal sealed class LibTorchProvider(LibTorchCache cache, Func<NuGetFeeds> feeds, TextWriter log, bool interactive)
{
    /// <summary>Names a folder of LibTorch's shared libraries, or the package's .nupkg, to use instead of a download.</summary>
    public const string Variable = "MEDPEFT_LIBTORCH";

    LibTorchPackage Package => cache.Package;

    /// <summary>The folder of LibTorch's shared libraries.</summary>
    /// <param name="given">The value of <see cref="Variable"/>, if set.</param>
    public string Provide(string? given)
    {
        if (given is { Length: > 0 }) return FromGiven(given);
        if (!cache.IsInstalled) Fetch();
        return cache.Folder;
    }

    string FromGiven(string path)
    {
        if (File.Exists(Path.Combine(path, LibTorchPackage.MainLibrary))) return path;
        if (File.Exists(path) && path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        {
            if (!cache.IsInstalled) cache.InstallFrom(path);
            return cache.Folder;
        }
        throw new MedPeftException(
            $"{Variable}={path}: expected a folder holding LibTorch {Package.Version}'s shared libraries ({LibTorchPackage.MainLibrary}, libtorch_cpu.so, ...) or the .nupkg of {Package}.");
    }

    void Fetch()
    {
        var configured = feeds();
        Directory.CreateDirectory(cache.Parent);
        // Named after this process, so that the next fetch removes what a killed one left.
        Leftovers.CleanBeside(cache.Parent);
        var download = Leftovers.Beside(Path.Combine(cache.Parent, $"{Package.Id}.{Package.Version}.nupkg"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LibTorch is not part of the installed tool; fetching {Package} ({Package.Size / 1e6:0} MB) once into {cache.Folder}"));
        try
        {
            using (var file = File.Create(download))
            {
                var progress = new DownloadProgress(file, Package.Size, Package.ToString(), log, interactive);
                try
                {
                    var source = configured.DownloadAsync(Package.Id, Package.Version, progress).GetAwaiter().GetResult();
                    progress.Finish();
                    log.WriteLine($"fetched {Package} from {source.Source}");
                }
                catch (PackageNotFetchedException e)
                {
                    progress.Finish();
                    throw new MedPeftException(NotFetched(e));
                }
            }
            cache.InstallFrom(download);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(cache.Parent, Package.Size, $"the package {Package}", e);
        }
        finally
        {
            File.Delete(download);
        }
    }

    string NotFetched(PackageNotFetchedException e) =>
        $"LibTorch could not be fetched: no configured feed gave the NuGet package {Package} ({string.Join("; ", e.Answers)}). " +
        $"Check the network or the feeds of nuget.config, or provide it by hand: set {Variable} to the package's .nupkg " +
        $"({Package.Id}.{Package.Version}.nupkg, from a NuGet cache such as ~/.nuget/packages/{Package.Id}/{Package.Version}/ or the NuGet gallery) " +
        $"or to a folder holding LibTorch {Package.Version}'s shared libraries ({Package.NativeFolder} of that package).";
}
