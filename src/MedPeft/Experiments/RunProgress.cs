using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Experiments;

/// <summary>How far a method's run got in a comparison that was stopped and is now continued.</summary>
internal enum RunProgress
{
    /// <summary>No run in the folder: it is started.</summary>
    New,
    /// <summary>Started and stopped before its end: it is continued from its last checkpoint.</summary>
    Started,
    /// <summary>Trained to its end: only its evaluation is left.</summary>
    Trained,
}

/// <summary>Reads a run folder's <see cref="RunProgress"/>.</summary>
internal static class RunProgressOf
{
    /// <summary>
    /// The progress of the run in <paramref name="runDirectory"/>, which must be <paramref name="run"/>: a folder holding a
    /// run of other settings is refused rather than continued as this comparison's.
    /// </summary>
    public static RunProgress Folder(string runDirectory, RunSpec run)
    {
        var specFile = Path.Combine(runDirectory, RunSpec.FileName);
        if (!File.Exists(specFile)) return RunProgress.New;
        if (RunSpec.Read(specFile).ToJson() != run.ToJson())
            throw new MedPeftException($"{runDirectory}: holds a run of other settings than this comparison gives it ({RunSpec.FileName} differs); " +
                "continue the stopped comparison with the settings it was started with, or remove it to start anew.");
        return File.Exists(Path.Combine(runDirectory, Trainer.SummaryFile)) ? RunProgress.Trained : RunProgress.Started;
    }
}
