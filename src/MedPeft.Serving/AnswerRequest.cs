using MedPeft.Data.Images;
using MedPeft.Tasks;

namespace MedPeft.Serving;

/// <summary>
/// One question on one image, asked of one or more adapters (null: the base model) side by side.
/// <see cref="Generation"/> null: the model's defaults for the task.
/// </summary>
internal sealed record AnswerRequest(byte[] Image, string ImageName, string? Question, IReadOnlyList<string?> Adapters,
    MedicalImageOptions ImageOptions, int? NumBeams, int? MaxNewTokens);
