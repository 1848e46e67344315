using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Peft.Adapters;

/// <summary>
/// A bottleneck adapter on the output of an attention or feed-forward output projection (before the
/// residual, where Houlsby et al. place it): y + up(relu(down(y))). <c>up</c> starts at zero, so the
/// model starts as the base model.
/// </summary>
internal sealed class BottleneckAdapter : ILinearAdapter
{
    public const string DownName = "adapter_down", UpName = "adapter_up";

    public Linear Down { get; }
    public Linear Up { get; }

    public BottleneckAdapter(AdaptableLinear host, int size)
    {
        var device = host.weight.device;
        var dtype = host.TrainableDType;
        Down = nn.Linear(host.OutFeatures, size, device: device, dtype: dtype);
        Up = nn.Linear(size, host.OutFeatures, device: device, dtype: dtype);
        using (torch.no_grad())
        {
            Up.weight!.zero_();
            Up.bias!.zero_();
        }
        host.Attach(this, new (string, nn.Module)[] { (DownName, Down), (UpName, Up) }, Array.Empty<(string, Parameter)>());
    }

    public Tensor AdaptOutput(Tensor output)
    {
        using var scope = NewDisposeScope();
        return (output + Up.forward(nn.functional.relu(Down.forward(output)))).MoveToOuterDisposeScope();
    }
}
