namespace MedPeft.Peft.Tuners;

/// <summary>An adapter that folds exactly into its host's weights (LoRA, IA3).</summary>
internal interface IMergeableAdapter
{
    /// <summary>Folds the adapter into the host's weights and removes it for good.</summary>
    void MergeAndUnload();
}
