using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace MedPeft.Cli.Runtime;

/// <summary>
/// The package sources NuGet's configuration enables, read as the <c>dotnet</c> CLI reads them
/// (nuget.config files from a folder up to the root, the user's NuGet.Config; with their credentials
/// and proxy settings), and asked one after another for a package.
/// </summary>
internal sealed class NuGetFeeds(ISettings settings)
{
    /// <summary>The configuration that applies in <paramref name="folder"/> (the current folder for the tool).</summary>
    public static NuGetFeeds For(string folder) => new(Settings.LoadDefaultSettings(folder));

    public IReadOnlyList<PackageSource> Sources { get; } =
        new PackageSourceProvider(settings).LoadPackageSources().Where(source => source.IsEnabled).ToList();

    /// <summary>
    /// Writes the .nupkg of <paramref name="id"/> <paramref name="version"/> from the first source that has it
    /// into <paramref name="destination"/> (emptied before each try); returns that source.
    /// </summary>
    /// <exception cref="PackageNotFetchedException">No source had it; the message says what each answered.</exception>
    public async Task<PackageSource> DownloadAsync(string id, string version, Stream destination, CancellationToken cancel = default)
    {
        var answers = new List<string>();
        using var cache = new SourceCacheContext { NoCache = true, DirectDownload = true };
        foreach (var source in Sources)
        {
            destination.SetLength(0);
            try
            {
                var finder = await Repository.Factory.GetCoreV3(source).GetResourceAsync<FindPackageByIdResource>(cancel);
                if (finder is null)
                    answers.Add($"{source.Source}: not a package feed");
                else if (await finder.CopyNupkgToStreamAsync(id, NuGetVersion.Parse(version), destination, cache, NullLogger.Instance, cancel))
                    return source;
                else
                    answers.Add($"{source.Source}: does not have it");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                answers.Add($"{source.Source}: {Reason(e)}");
            }
        }
        if (answers.Count == 0) answers.Add("no package source is enabled in NuGet's configuration");
        throw new PackageNotFetchedException(answers);
    }

    /// <summary>NuGet's message and, when it wraps one, the cause's (a host not found, a refused connection).</summary>
    static string Reason(Exception e)
    {
        var cause = e;
        while (cause.InnerException is not null) cause = cause.InnerException;
        return cause == e ? e.Message : $"{e.Message} ({cause.Message})";
    }
}
