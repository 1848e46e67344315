namespace MedPeft.Training;

/// <summary>
/// Where a run is, as a checkpoint records it: optimizer steps done (the data position and every
/// random choice are functions of it and the seed), the best validation value so far, early-stopping
/// patience used, and the time spent training so far.
/// </summary>
internal sealed record TrainingState(long Step, double? BestMetric, long? BestStep, int EvaluationsWithoutImprovement, double TrainingSeconds, bool Finished)
{
    public static readonly TrainingState Start = new(0, null, null, 0, 0, false);
}
