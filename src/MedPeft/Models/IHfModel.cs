using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>
/// A named part of a model that a PEFT scope can select: <c>vision</c>, <c>projector</c>,
/// <c>text-encoder</c>, <c>decoder</c> or <c>llm</c>. <see cref="Prefix"/> is the HF parameter-name
/// prefix of its module (e.g. <c>vision_tower.</c>).
/// </summary>
internal sealed record ModelComponent(string Name, string Prefix, nn.Module Module);

/// <summary>
/// A model built from an HF config and loaded from HF weights. Its module's parameter names are
/// exactly the HF checkpoint names.
/// </summary>
internal interface IHfModel : IDisposable
{
    /// <summary>HF <c>model_type</c>, e.g. <c>llava</c>, <c>blip</c>, <c>llama</c>.</summary>
    string ModelType { get; }

    /// <summary>HF class name, e.g. <c>LlavaForConditionalGeneration</c>.</summary>
    string Architecture { get; }

    nn.Module Module { get; }

    IReadOnlyList<ModelComponent> Components { get; }

    /// <summary>The sizes a user wants to see first (hidden width, layers, heads, vocabulary...).</summary>
    IReadOnlyDictionary<string, object> Sizes { get; }

    /// <summary>
    /// Parameters that cannot affect any output of the model as it is used (e.g. LLaVA's vision layers
    /// after <c>vision_feature_layer</c>). They count in the totals but never receive a gradient.
    /// </summary>
    IReadOnlySet<string> InertParameters => new HashSet<string>();

    /// <summary>
    /// The name a parameter is saved under in the layout the model was read from: its own (HF) name,
    /// except for a model read from another layout (the original LLaVA code's).
    /// </summary>
    string CheckpointName(string parameterName) => parameterName;
}
