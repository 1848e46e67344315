using MedPeft.Planning;
using MedPeft.Runs;

namespace MedPeft.Sweeps;

/// <summary>What the memory plan predicts for a sweep's cells: the size every launcher sizes its cells by.</summary>
internal static class CellMemory
{
    /// <summary>The plan's peak memory of the largest of <paramref name="runs"/> (each with its model folder resolved), in bytes.</summary>
    public static long LargestPeakBytes(IEnumerable<RunSpec> runs) => runs.Max(run => MemoryPlanner.Plan(PlanRequest.Of(run), long.MaxValue).PeakBytes);
}
