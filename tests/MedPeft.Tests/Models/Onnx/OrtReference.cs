using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using DenseLongTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<long>;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models.Onnx;

/// <summary>ONNX Runtime running an ONNX file: the independent reference for the imported modules.</summary>
public sealed class OrtReference : IDisposable
{
    readonly InferenceSession session;

    public OrtReference(string path) => session = new InferenceSession(path);

    public OrtReference(byte[] model) => session = new InferenceSession(model);

    public IReadOnlyList<string> InputNames => session.InputMetadata.Keys.ToList();

    public IReadOnlyList<string> OutputNames => session.OutputMetadata.Keys.ToList();

    /// <summary>Runs the graph on TorchSharp tensors (float32 or int64) and returns every output as a float32 tensor.</summary>
    public Dictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var values = inputs.Select(kv => kv.Value.dtype == ScalarType.Int64
            ? NamedOnnxValue.CreateFromTensor(kv.Key, new DenseLongTensor(kv.Value.data<long>().ToArray(), Dims(kv.Value)))
            : NamedOnnxValue.CreateFromTensor(kv.Key, new DenseTensor(kv.Value.contiguous().data<float>().ToArray(), Dims(kv.Value)))).ToList();
        using var results = session.Run(values);
        return results.ToDictionary(r => r.Name, r =>
        {
            var tensor = r.AsTensor<float>();
            return torch.tensor(tensor.ToArray(), tensor.Dimensions.ToArray().Select(d => (long)d).ToArray());
        });
    }

    static int[] Dims(Tensor t) => t.shape.Select(d => (int)d).ToArray();

    public void Dispose() => session.Dispose();
}
