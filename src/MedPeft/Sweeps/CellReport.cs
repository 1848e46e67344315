using MedPeft.IO;

namespace MedPeft.Sweeps;

/// <summary>One line of <c>sweep status</c>: a cell, where it stands and why, and its log.</summary>
internal sealed record CellReport(string Key, string Row, int Seed, CellState State, string? Reason, string Log)
{
    /// <summary>
    /// The cells of the sweep in <paramref name="sweepDirectory"/> (of every grid run there), in key order. A cell is done
    /// when its run folder holds its training summary, whatever its status file says; one whose status says running while
    /// no process holds its lock (<see cref="CellTraining"/>) was interrupted, and is pending.
    /// </summary>
    public static IReadOnlyList<CellReport> Of(string sweepDirectory)
    {
        if (!Directory.Exists(sweepDirectory)) throw new MedPeftException($"{sweepDirectory}: no such sweep folder.");
        return CellFolder.In(sweepDirectory).Select(folder =>
        {
            var cell = folder.Cell();
            var status = CellStatus.Load(folder.Path);
            var (state, reason) = folder.IsDone ? (CellState.Done, null)
                : status is null ? (CellState.Pending, null)
                : status.State == CellState.Running && !FolderLock.IsHeld(folder.Path) ? (CellState.Pending, "interrupted (no process trains it now); the next sweep run resumes it from its checkpoint")
                : (status.State, status.Reason);
            return new CellReport(folder.Key, cell.Row.Name, cell.Seed, state, reason, folder.Log);
        }).ToList();
    }
}
