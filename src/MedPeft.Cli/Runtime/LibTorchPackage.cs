namespace MedPeft.Cli.Runtime;

/// <summary>
/// A NuGet package that carries LibTorch's native libraries, as the tool fetches it on first use.
/// The expected size and SHA-512 are those of the package the public NuGet gallery serves (as in a NuGet cache's
/// <c>.nupkg.sha512</c>); a download that differs in either is refused, from whatever feed it came.
/// </summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The package version; also the cache folder's name.</param>
/// <param name="Size">The .nupkg's size in bytes.</param>
/// <param name="Sha512">The .nupkg's SHA-512, base64.</param>
/// <param name="NativeFolder">The folder inside the package that holds the shared libraries.</param>
internal sealed record LibTorchPackage(string Id, string Version, long Size, string Sha512, string NativeFolder)
{
    /// <summary>The library that stands for the whole set: loading it loads LibTorch's others, found beside it.</summary>
    public const string MainLibrary = "libtorch.so";

    /// <summary>The CPU LibTorch that TorchSharp 0.107.0 is built against (the same version as Directory.Packages.props).</summary>
    public static LibTorchPackage CpuLinuxX64 { get; } = new(
        "libtorch-cpu-linux-x64", "2.10.0", 128_200_806,
        "XjuaFwqqvwstyeUWyz/xtfhODesmagoPKO7T0VRmiW+r0pJwsXB/vHydA7it9xge36PSXW1qLyRRzvM3J8i9UA==",
        "runtimes/linux-x64/native/");

    public override string ToString() => $"{Id} {Version}";
}
