using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>The device setting: <c>cpu</c> (default), <c>cuda</c> or <c>cuda:N</c> where the LibTorch build has CUDA.</summary>
internal static class DeviceSetting
{
    /// <summary>The setting's name in messages.</summary>
    public const string Name = "DeviceSetting.Device";

    public static Device Parse(string text)
    {
        var name = text.Trim().ToLowerInvariant();
        if (name == "cpu") return CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new InvalidSettingException(Name, $"'{text}' needs a CUDA device, and this LibTorch has none available (the CPU build is installed); use cpu, or a CUDA build of LibTorch (libtorch-cuda-*)");
            return torch.device(name);
        }
        throw new InvalidSettingException(Name, $"'{text}' is not a device; expected cpu, cuda or cuda:N");
    }
}
