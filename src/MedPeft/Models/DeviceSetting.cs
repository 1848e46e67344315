using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>The <c>--device</c> setting: <c>cpu</c> (default), <c>cuda</c> or <c>cuda:N</c> where the LibTorch build has CUDA.</summary>
public static class DeviceSetting
{
    public static Device Parse(string text)
    {
        var name = text.Trim().ToLowerInvariant();
        if (name == "cpu") return CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new MedPeftException($"--device {text}: this LibTorch has no CUDA device available (the CPU build is installed); use --device cpu, or a CUDA build of LibTorch (libtorch-cuda-*).");
            return torch.device(name);
        }
        throw new MedPeftException($"--device '{text}': expected cpu, cuda or cuda:N.");
    }
}
