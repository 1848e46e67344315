namespace MedPeft.Training;

/// <summary>
/// Linear warmup from 0 to the peak over <see cref="WarmupSteps"/>, then cosine decay to 0 at
/// <see cref="TotalSteps"/> (HF's <c>get_cosine_schedule_with_warmup</c>). A pure function of the step.
/// </summary>
internal sealed record LearningRateSchedule(double Peak, long WarmupSteps, long TotalSteps)
{
    /// <summary>The rate for optimizer step <paramref name="step"/> (0-based).</summary>
    public double At(long step)
    {
        if (step < WarmupSteps) return Peak * step / WarmupSteps;
        double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return Peak * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, progress)));
    }
}
