using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using MedPeft.Models.BuiltIn;

namespace MedPeft.Cli.Runtime;

/// <summary>
/// Lets an installed tool, which does not carry LibTorch, run on one in the cache (see
/// <see cref="LibTorchProvider"/>). TorchSharp loads "torch_cpu" and "LibTorchSharp" by name with
/// <c>NativeLibrary.TryLoad(name, assembly, ...)</c>, which does not ask a DllImport resolver; its own
/// fallback copies a NuGet packages folder's LibTorch beside TorchSharp.dll, which does not fit an
/// installed tool. A name not found in the tool's folder raises the default load context's
/// <c>ResolvingUnmanagedDll</c>; the handler here, on the first, provides the folder (fetching the
/// package if needed) and loads libtorch.so from it, whose dependencies (libtorch_cpu.so, libc10.so,
/// libgomp) load from beside it. libLibTorchSharp.so, in the tool's folder, then finds them loaded.
/// Nothing is fetched before a command uses TorchSharp, and nothing at all when LibTorch is in the
/// tool's folder (a build from source).
/// </summary>
internal static class LibTorchBootstrap
{
    static readonly Lazy<string> folder = new(ProvideOrExit);

    /// <summary>Call before the first TorchSharp call.</summary>
    public static void Install()
    {
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, LibTorchPackage.MainLibrary))) return;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
    }

    /// <summary>
    /// TorchSharp asks for "torch_cpu" (or "torch_cuda"), in the provided folder, and "LibTorchSharp", the
    /// tool's own, which comes here only when its load came first and failed for want of LibTorch.
    /// </summary>
    static IntPtr Resolve(Assembly assembly, string name)
    {
        if (assembly != typeof(TorchSharp.torch).Assembly) return IntPtr.Zero;
        if (name != "LibTorchSharp" && !name.StartsWith("torch", StringComparison.Ordinal)) return IntPtr.Zero;
        var provided = Path.Combine(folder.Value, $"lib{name}.so");
        var library = File.Exists(provided) ? provided : Path.Combine(AppContext.BaseDirectory, $"lib{name}.so");
        return NativeLibrary.TryLoad(library, out var handle) ? handle : IntPtr.Zero;
    }

    /// <summary>
    /// The folder, with libtorch.so loaded. A failure ends the process here with the tool's error
    /// message: TorchSharp catches what a resolver throws and prints its own advice, about package references.
    /// </summary>
    static string ProvideOrExit()
    {
        try
        {
            var cache = new LibTorchCache(MedPeftCache.Root, LibTorchPackage.CpuLinuxX64);
            var provider = new LibTorchProvider(cache, () => NuGetFeeds.For(Environment.CurrentDirectory),
                Console.Error, DownloadProgress.IsInteractive(Console.Error));
            var provided = provider.Provide(Environment.GetEnvironmentVariable(LibTorchProvider.Variable));
            NativeLibrary.Load(Path.Combine(provided, LibTorchPackage.MainLibrary));
            return provided;
        }
        catch (MedPeftException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Environment.Exit(ExitCodes.BadInput);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: LibTorch could not be set up: {e.GetType().Name}: {e.Message}");
            Environment.Exit(ExitCodes.Unexpected);
        }
        throw new UnreachableException();
    }
}
