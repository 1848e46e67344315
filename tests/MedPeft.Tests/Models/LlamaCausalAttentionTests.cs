using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Llama;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models;

/// <summary>
/// Without padding, LLaMA runs the fused kernel in its causal mode (no mask tensor). Its logits and
/// gradients equal those of the explicit eager path, which the HF parity cases check.
/// </summary>
public class LlamaCausalAttentionTests
{
    static (Tensor Logits, Tensor NormGradient) Run(bool eager)
    {
        var model = (LlamaForCausalLM)HfModelLoader.Load(TestData.HfCase("llama"));
        foreach (var (_, parameter) in model.named_parameters()) parameter.requires_grad = false;
        var norm = model.model.layers[0].input_layernorm.weight;
        norm.requires_grad = true;
        var ids = SafeTensorsFile.Open(Path.Combine(TestData.HfCase("llama"), "inputs.safetensors")).Read("input_ids");
        var (logits, _) = model.Forward(ids, null, torch.ones_like(ids), null, null, eager ? OutputRequest.All : OutputRequest.None);
        NextTokenLoss.Compute(logits, ids).backward();
        return (logits.detach(), norm.grad!);
    }

    [Fact]
    public void CausalModeMatchesTheExplicitMask()
    {
        using var scope = NewDisposeScope();
        var (fusedLogits, fusedGradient) = Run(eager: false);
        var (eagerLogits, eagerGradient) = Run(eager: true);

        Assert.True(fusedLogits.allclose(eagerLogits, rtol: 0, atol: 1e-5), $"logits differ by {(fusedLogits - eagerLogits).abs().max().item<float>()}");
        Assert.True(fusedGradient.allclose(eagerGradient, rtol: 0, atol: 1e-5), $"gradients differ by {(fusedGradient - eagerGradient).abs().max().item<float>()}");
        Assert.True(fusedGradient.abs().sum().item<float>() > 0);
    }
}
