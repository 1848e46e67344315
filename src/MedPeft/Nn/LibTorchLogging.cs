using System.Runtime.InteropServices;
using TorchSharp;

namespace MedPeft.Nn;

/// <summary>
/// The level of LibTorch's own C++ log, which writes straight to stderr. PyTorch sets it from
/// <c>TORCH_CPP_LOG_LEVEL</c>, but only its Python module reads that variable, so under TorchSharp
/// every warning is printed: on CPUs without the instructions NNPACK needs, a training run printed
/// "Could not initialize NNPACK" for every convolution of a batch of 16 or more (hundreds of lines
/// that say nothing about the run). This sets the level LibTorch reads, <c>FLAGS_caffe2_log_level</c>.
/// </summary>
internal static class LibTorchLogging
{
    const string Variable = "TORCH_CPP_LOG_LEVEL", Flag = "FLAGS_caffe2_log_level";
    static readonly string[] Levels = ["INFO", "WARNING", "ERROR", "FATAL"];

    /// <summary>
    /// Applies <c>TORCH_CPP_LOG_LEVEL</c> when the user set it (INFO, WARNING, ERROR, FATAL or 0-3),
    /// else ERROR. Loads LibTorch. Does nothing where its C++ library does not export the flag.
    /// </summary>
    public static void Apply()
    {
        var chosen = Environment.GetEnvironmentVariable(Variable)?.Trim();
        int level = chosen is null ? 2 : int.TryParse(chosen, out var number) && number is >= 0 and <= 3 ? number : Array.IndexOf(Levels, chosen.ToUpperInvariant());
        if (level < 0) throw new MedPeftException($"{Variable}='{chosen}': expected INFO, WARNING, ERROR, FATAL or 0-3.");
        torch.InitializeDeviceType(DeviceType.CPU);
        // The library is loaded by now; loading it again returns the same handle.
        if (NativeLibrary.TryLoad("libc10.so", typeof(torch).Assembly, null, out var library)
            && NativeLibrary.TryGetExport(library, Flag, out var address))
            Marshal.WriteInt32(address, level);
    }
}
