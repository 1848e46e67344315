using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Peft.Prompt;

/// <summary>
/// Soft prompt rows [P, width] (prompt tuning), initialised from randomly chosen rows of the model's
/// word embeddings so they start at the scale of real tokens. Registered on the component as
/// <c>prompt_embeddings</c>.
/// </summary>
internal sealed class SoftPrompt : nn.Module
{
    public const string ModuleName = "prompt_embeddings";

    public readonly Parameter weight;

    public SoftPrompt(int tokens, Tensor wordEmbeddings) : base(nameof(SoftPrompt))
    {
        using (torch.no_grad())
        {
            if (wordEmbeddings.device.type == DeviceType.META)
                weight = new Parameter(torch.empty(tokens, wordEmbeddings.shape[1], wordEmbeddings.dtype, wordEmbeddings.device));
            else
            {
                using var rows = torch.randint(0, wordEmbeddings.shape[0], new long[] { tokens }, device: wordEmbeddings.device);
                weight = new Parameter(wordEmbeddings.index_select(0, rows).clone());
            }
        }
        RegisterComponents();
    }
}
