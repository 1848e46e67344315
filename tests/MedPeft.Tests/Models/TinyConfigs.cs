namespace MedPeft.Tests.Models;

/// <summary>Small model configurations the tests of several folders build.</summary>
public static class TinyConfigs
{
    /// <summary>
    /// A BLIP VQA model with a ResNet image encoder (one BasicBlock per stage, 8, 8, 16, 16 channels, 64-pixel images) and
    /// a one-layer text encoder and decoder of width 32.
    /// </summary>
    public const string ResNetBlip = """
            {"model_type": "blip", "architectures": ["BlipForQuestionAnswering"],
             "vision_config": {"model_type": "resnet", "layer_type": "basic", "depths": [1, 1, 1, 1], "hidden_sizes": [8, 8, 16, 16],
                               "embedding_size": 8, "num_channels": 3, "image_size": 64, "batch_norm_eps": 1e-5},
             "text_config": {"vocab_size": 64, "hidden_size": 32, "encoder_hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1,
                             "num_attention_heads": 4, "max_position_embeddings": 32}}
        """;
}
