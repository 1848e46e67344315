using MedPeft.Data.Datasets;
using MedPeft.Peft;
using MedPeft.Tasks;

namespace MedPeft.Training;

/// <summary>
/// What a <see cref="Trainer"/> trains: a model with its PEFT plan applied, put to a task, and the rows
/// it learns from and is validated on. <paramref name="BaseModel"/> is the base model's name as the
/// run gave it, recorded in every checkpoint; <paramref name="Source"/> says for the log which model
/// and data these are (e.g. "model m (BlipForQuestionAnswering), data d (slake, vqa)").
/// </summary>
internal sealed record TrainingJob(PeftModel Peft, ITaskModel Task, DatasetTask TaskKind,
    IReadOnlyList<DatasetRow> Train, IReadOnlyList<DatasetRow> Validation, string BaseModel, string Source);
