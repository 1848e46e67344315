namespace MedPeft.Planning;

/// <summary>How a stack's layers are built, which decides what each keeps for the backward pass.</summary>
internal enum LayerKind
{
    /// <summary>Attention and a GELU feed-forward block with LayerNorms (ViT, CLIP, BERT).</summary>
    Transformer,

    /// <summary>Attention and a gated (SwiGLU) feed-forward block with RMSNorms (LLaMA, Mistral).</summary>
    GatedTransformer,

    /// <summary>A ResNet's stem: a 7x7 convolution of stride 2 with BatchNorm and ReLU, then a max-pool of stride 2.</summary>
    ConvolutionStem,

    /// <summary>A ResNet stage: BasicBlocks of two 3x3 convolutions, each with BatchNorm and ReLU.</summary>
    ConvolutionStage,

    /// <summary>LLaVA's projector: two linear layers with an activation between them.</summary>
    Projector,
}

/// <summary>
/// Identical layers of one model component, with the shapes per sample that set what they keep for the
/// backward pass and what their products cost.
/// </summary>
/// <param name="Component">The model component the layers are in (vision, text-encoder, decoder, projector, llm).</param>
/// <param name="Width">Hidden width (channels of a convolution stage).</param>
/// <param name="FeedForward">Inner width of the feed-forward block.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="Tokens">Positions per sample: tokens, or pixels of a convolution stage's feature map.</param>
/// <param name="CrossTokens">Tokens each layer cross-attends to (0: no cross-attention).</param>
/// <param name="Vocabulary">Width of the output projection after the last layer whose loss is taken (0: none).</param>
internal sealed record LayerStack(string Component, LayerKind Kind, int Layers, long Width, long FeedForward, long Heads,
    long Tokens, long CrossTokens = 0, long Vocabulary = 0);
