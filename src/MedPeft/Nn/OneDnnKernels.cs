using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// oneDNN's inner-product forward, input-gradient and weight-gradient operators, reached through
/// TorchScript (TorchSharp does not wrap them). Operands are 2-D dense float32 tensors: x [M, K],
/// weight [N, K], bias [N], grad [M, N]; results are dense.
/// </summary>
static class OneDnnKernels
{
    const string Script = """
        def forward(x: Tensor, weight: Tensor, bias: Optional[Tensor]) -> Tensor:
            return torch.mkldnn_linear(x.contiguous().to_mkldnn(), weight, bias).to_dense()

        def input_grad(grad: Tensor, weight: Tensor) -> Tensor:
            return torch.mkldnn_linear_backward_input([grad.size(0), weight.size(1)], grad.contiguous().to_mkldnn(), weight).to_dense()

        def weight_grad(grad: Tensor, x: Tensor, weight: Tensor) -> Tensor:
            return torch.mkldnn_linear_backward_weights(grad.contiguous().to_mkldnn(), x.contiguous().to_mkldnn(), weight, False)[0]

        """;

    static readonly Lazy<jit.CompilationUnit> Kernel = new(() => jit.compile(Script));

    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias) => (Tensor)Kernel.Value.invoke("forward", x, weight, bias);

    public static Tensor InputGrad(Tensor grad, Tensor weight) => (Tensor)Kernel.Value.invoke("input_grad", grad, weight);

    public static Tensor WeightGrad(Tensor grad, Tensor x, Tensor weight) => (Tensor)Kernel.Value.invoke("weight_grad", grad, x, weight);
}
