using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.ResNet;

/// <summary>
/// torchvision's ResNet <c>BasicBlock</c>: conv3x3-BN-ReLU-conv3x3-BN plus the shortcut, then ReLU.
/// The shortcut is the input itself, or <c>downsample</c> (conv1x1 + BN) when the block changes the
/// stride or the width.
/// </summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    public readonly Conv2d conv1;
    public readonly BatchNorm2d bn1;
    public readonly Conv2d conv2;
    public readonly BatchNorm2d bn2;
    public readonly Sequential? downsample;

    public BasicBlock(long inChannels, long channels, long stride, double eps) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, channels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(channels, eps);
        conv2 = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(channels, eps);
        if (stride != 1 || inChannels != channels)
            downsample = nn.Sequential(nn.Conv2d(inChannels, channels, 1, stride: stride, bias: false), nn.BatchNorm2d(channels, eps));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(SampleNorms.Apply(bn1, conv1.forward(input)));
        x = SampleNorms.Apply(bn2, conv2.forward(x));
        var shortcut = downsample is null ? input : Downsampled(input);
        return nn.functional.relu(x + shortcut).MoveToOuterDisposeScope();
    }

    // The shortcut's conv and BatchNorm one by one, so that its BatchNorm goes through SampleNorms as the others do.
    Tensor Downsampled(Tensor input)
    {
        var parts = downsample!.children().ToArray();
        return SampleNorms.Apply((BatchNorm2d)parts[1], ((Conv2d)parts[0]).forward(input));
    }
}
