namespace MedPeft.Sweeps;

/// <summary>
/// Runs a sweep's cells that are not trained yet: <see cref="LocalLauncher"/> as child processes of this one; a cluster
/// launcher would submit them to its scheduler. Each cell's training is <c>medpeft train</c> on its run folder (started,
/// or continued from its checkpoint), computed with the cell's threads; the launcher keeps each cell's status file.
/// </summary>
internal interface ICellLauncher
{
    /// <summary>Trains <paramref name="cells"/>; returns when each has ended (done, failed or stopped).</summary>
    /// <param name="stop">Asks the launcher to stop the trainings it runs (each writes its checkpoint) and start no other:
    /// it then throws an <see cref="OperationCanceledException"/>; the next sweep run resumes them.</param>
    void Launch(IReadOnlyList<CellLaunch> cells, CancellationToken stop);
}

/// <summary>A cell to train: in its folder, started anew or (<see cref="Resume"/>) continued from its last checkpoint.</summary>
internal sealed record CellLaunch(SweepCell Cell, CellFolder Folder, bool Resume);
