using static TorchSharp.torch;

namespace MedPeft.Generation;

/// <summary>
/// A model seen one token at a time. Rows are the sequences being extended (batch × beams); the
/// search may reorder or duplicate them with <see cref="SelectRows"/>.
/// </summary>
internal interface IStepDecoder : IDisposable
{
    /// <summary>Runs the prompt; returns next-token logits [rows, vocab].</summary>
    Tensor Start();

    /// <summary>Appends one token per row ([rows] int64); returns next-token logits [rows, vocab].</summary>
    Tensor Next(Tensor tokens);

    /// <summary>Keeps/duplicates rows: row i becomes old row rows[i].</summary>
    void SelectRows(Tensor rows);
}
