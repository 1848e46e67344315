namespace MedPeft.Models.Configs;

/// <summary>
/// The largest sizes a <c>config.json</c> may give. Each is far above any published model of the supported
/// families; they exist so that a damaged or hostile file is refused with its field named, rather than reaching
/// LibTorch as a size it cannot allocate. (Weights are read only after every tensor's shape matched the file,
/// so the file's size bounds what is allocated; these limits also keep the shapes' arithmetic in range.)
/// </summary>
internal static class ConfigLimits
{
    /// <summary>Width of a transformer (hidden_size, encoder_hidden_size).</summary>
    public const int Width = 1 << 16;
    /// <summary>Width of a feed-forward layer (intermediate_size).</summary>
    public const int FeedForward = 1 << 18;
    /// <summary>Layers of a stack (num_hidden_layers).</summary>
    public const int Layers = 1 << 10;
    /// <summary>Width of one attention head (head_dim).</summary>
    public const int HeadWidth = 1 << 12;
    /// <summary>Tokens of a vocabulary (vocab_size).</summary>
    public const int Vocabulary = 1 << 22;
    /// <summary>Positions (max_position_embeddings, sliding_window).</summary>
    public const int Positions = 1 << 20;
    /// <summary>Token types of BERT (type_vocab_size).</summary>
    public const int TokenTypes = 1 << 10;
    /// <summary>Side of an input image in pixels (image_size, patch_size).</summary>
    public const int ImageSide = 1 << 13;
    /// <summary>Channels of an input image (num_channels).</summary>
    public const int ImageChannels = 16;
    /// <summary>Channels of a ResNet stage (hidden_sizes, embedding_size).</summary>
    public const int ConvolutionChannels = 1 << 14;
    /// <summary>Blocks of a ResNet stage (depths).</summary>
    public const int StageBlocks = 1 << 8;
}
