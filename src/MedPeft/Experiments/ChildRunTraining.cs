using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Experiments;

/// <summary>
/// The training of <c>medpeft compare</c>: each run in its folder of the comparison's work folder, trained in a new
/// process; a run a stopped comparison left there is continued from its checkpoint, one trained to its end is kept.
/// </summary>
/// <param name="trainInChild">Trains the run described by a run folder's run description in a new process (<c>medpeft
/// train</c>): starts it, or when its second argument is true continues it; returns the process's exit code.</param>
/// <param name="stop">Asks the comparison to stop: <paramref name="trainInChild"/> forwards it to the training it waits
/// for; then no other training starts and an <see cref="OperationCanceledException"/> is thrown.</param>
internal sealed class ChildRunTraining(string workDirectory, int seedCount, TextWriter log, Func<string, bool, int> trainInChild, CancellationToken stop) : IRunTraining
{
    public TrainedRun Train(ComparisonMethod row, int seed, RunSpec run)
    {
        var runDirectory = ComparisonFolders.RunDirectory(workDirectory, row.Name, seedCount > 1 ? seed : null);
        // The child reads the run description the parent wrote: nothing is re-encoded on the way.
        Directory.CreateDirectory(runDirectory);
        var progress = RunProgressOf.Folder(runDirectory, run);
        if (progress == RunProgress.New) run.Save(runDirectory);
        else log.WriteLine(progress == RunProgress.Trained ? "trained before this comparison was stopped" : "continuing its run, which was stopped");
        int exit = progress == RunProgress.Trained || stop.IsCancellationRequested ? 0 : trainInChild(runDirectory, progress == RunProgress.Started);
        if (stop.IsCancellationRequested) throw new OperationCanceledException($"the comparison stopped on request at {row.Name}'s training", stop);
        return exit != 0 || !File.Exists(Path.Combine(runDirectory, Trainer.SummaryFile))
            ? new TrainedRun(runDirectory, $"training failed (exit code {exit}); see {Path.GetRelativePath(workDirectory, runDirectory)}")
            : new TrainedRun(runDirectory, null);
    }

    public string TestFolders(ComparisonMethod row) =>
        seedCount > 1 ? $"{ComparisonFolders.Runs}/{ComparisonFolders.Safe(row.Name)}/seed-*/{ComparisonFolders.Test}" : $"{ComparisonFolders.Runs}/{ComparisonFolders.Safe(row.Name)}/{ComparisonFolders.Test}";
}
