using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using MedPeft.Models;
using static TorchSharp.torch;

namespace MedPeft.Tasks;

/// <summary>
/// A model family put to a task (Med-VQA or report generation): it turns dataset rows into the
/// batches its model takes, computes the training loss, and generates answers or reports.
/// </summary>
internal interface ITaskModel
{
    IHfModel Model { get; }
    DatasetTask Task { get; }

    /// <summary>Mean next-token loss of the rows <paramref name="indices"/>; with <paramref name="augment"/> the images are augmented for <paramref name="epoch"/>.</summary>
    Tensor Loss(IReadOnlyList<DatasetRow> rows, IReadOnlyList<int> indices, int epoch, bool augment);

    /// <summary>The generated answer or report of each row.</summary>
    IReadOnlyList<string> Generate(IReadOnlyList<DatasetRow> rows, IReadOnlyList<int> indices, GenerationSettings settings);

    /// <summary>
    /// The generated answer or report for each question (null: the task's report prompt) on its image, given as the
    /// pixel values <see cref="Images"/> made ([B, 3, H, W]); with the number of tokens generated for each.
    /// </summary>
    IReadOnlyList<GeneratedText> Generate(IReadOnlyList<string?> questions, Tensor pixelValues, GenerationSettings settings);

    /// <summary>What turns a decoded image into this model's pixel values (without augmentation).</summary>
    ImagePipeline Images { get; }

    /// <summary>What generation does by default for this family and task.</summary>
    GenerationSettings DefaultGeneration { get; }
}

/// <summary>Beam width and token budget of generation.</summary>
public sealed record GenerationSettings(int NumBeams, int MaxNewTokens);

/// <summary>A generated answer or report, and how many tokens were generated for it (the end token not counted).</summary>
public sealed record GeneratedText(string Text, int Tokens);
