using MedPeft.Data.Datasets;
using MedPeft.Training;

namespace MedPeft.Runs;

/// <summary>A training run from its description: loads its pieces and runs the <see cref="Trainer"/> loop in its folder.</summary>
public static class TrainingRun
{
    /// <summary>
    /// Starts a run in <paramref name="runDirectory"/> (writing its <c>run.json</c> there), or with
    /// <paramref name="resume"/> continues it from its last checkpoint.
    /// </summary>
    /// <param name="spec">What to train.</param>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="resume">Continue the run in the folder instead of starting it.</param>
    /// <param name="output">Where progress is written.</param>
    /// <param name="stop">Asks the run to stop at its next optimizer step: it writes its last checkpoint, then throws an
    /// <see cref="OperationCanceledException"/>; resuming the run continues it with the same result as a run that did not stop.</param>
    public static TrainingSummary Run(RunSpec spec, string runDirectory, bool resume, TextWriter output, CancellationToken stop = default)
    {
        if (!resume)
        {
            Directory.CreateDirectory(runDirectory);
            spec.Save(runDirectory);
        }
        using var run = RunLoader.ForTraining(spec);
        var job = new TrainingJob(run.Peft!, run.Task, spec.Task, run.Data[DatasetSplit.Train], run.Data[DatasetSplit.Validation], spec.Model,
            $"model {spec.Model} ({run.Model.Architecture}), data {spec.Data} ({spec.Format}, {spec.Task.Name()})");
        return new Trainer(job, spec.Training, runDirectory, output).Run(resume, stop);
    }
}
