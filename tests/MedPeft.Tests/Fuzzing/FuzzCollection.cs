namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The fuzz tests run alone, one after another: <see cref="FuzzRun"/> measures the process's memory around each
/// case, which a test running alongside would inflate; and applying an adapter draws from torch's global generator.
/// </summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;
