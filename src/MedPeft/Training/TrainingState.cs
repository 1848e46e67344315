namespace MedPeft.Training;

/// <summary>
/// Where a run is, as a checkpoint records it: optimizer steps done (the data position and every
/// random choice are functions of it and the seed), the best validation value so far, early-stopping
/// patience used, and the time spent training so far.
/// </summary>
internal sealed record TrainingState(long Step, double? BestMetric, long? BestStep, int EvaluationsWithoutImprovement, double TrainingSeconds, bool Finished)
{
    public static readonly TrainingState Start = new(0, null, null, 0, 0, false);

    /// <summary>The first field out of range with what it must be, as a damaged file would have it; null when every one is in range.</summary>
    public string? Problem() =>
        Step < 0 ? $"field 'step' is {Step}; expected 0 or more"
        : BestStep is < 0 || BestStep > Step ? $"field 'best_step' is {BestStep}; expected a step from 0 to 'step' ({Step})"
        : BestMetric is double best && !double.IsFinite(best) ? $"field 'best_metric' is {best}; expected a finite number"
        : EvaluationsWithoutImprovement < 0 ? $"field 'evaluations_without_improvement' is {EvaluationsWithoutImprovement}; expected 0 or more"
        : !(TrainingSeconds >= 0 && double.IsFinite(TrainingSeconds)) ? $"field 'training_seconds' is {TrainingSeconds}; expected 0 or more"
        : null;
}
