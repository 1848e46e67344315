using MedPeft.Runs;

namespace MedPeft.Experiments;

/// <summary>
/// Where a comparison finds its method runs trained: in the cells of a sweep (<c>compare</c> trains its methods as a
/// sweep's cells; <c>sweep collect</c> reports a sweep's). The comparison evaluates what this gives it.
/// </summary>
internal interface IRunTraining
{
    /// <summary>The folder of <paramref name="run"/> (the run of <paramref name="row"/> with <paramref name="seed"/>) trained to its end, or why there is none.</summary>
    TrainedRun Train(ComparisonMethod row, int seed, RunSpec run);

    /// <summary>Where the test predictions of a row's runs are, for the report's notes (a path or a pattern).</summary>
    string TestFolders(ComparisonMethod row);
}

/// <summary>A run folder with the run trained to its end (<see cref="Failure"/> null), or why it is not.</summary>
internal sealed record TrainedRun(string Directory, string? Failure);
