using System.ComponentModel;
using System.Diagnostics;

namespace MedPeft.Cli.Slurm;

/// <summary>
/// Slurm's commands as the launcher uses them: <c>sbatch</c> to submit, <c>squeue</c> to find the tasks of a job name
/// that are pending or running, <c>sacct</c> for how a task ended where the cluster keeps accounting.
/// </summary>
internal static class SlurmCommands
{
    /// <summary>A task in the queue: its array job, its index in the array and the job's comment (the submission's name).</summary>
    public sealed record QueuedTask(string JobId, int Task, string Comment, string State);

    /// <summary>Submits a script with <c>sbatch --parsable</c>; returns the job's id.</summary>
    public static string Submit(string script)
    {
        var (exit, output, error) = Run("sbatch", arguments: ["--parsable", script]);
        if (exit != 0) throw new MedPeftException($"{script}: sbatch refused it (exit code {exit}): {error.Trim()}");
        // --parsable prints "<job id>" or "<job id>;<cluster>".
        return output.Trim().Split(';')[0];
    }

    /// <summary>The array tasks of this user with <paramref name="jobName"/> that are pending or running, each array expanded to its tasks.</summary>
    public static IReadOnlyList<QueuedTask> Queued(string jobName)
    {
        var (exit, output, error) = Run("squeue", arguments: ["--me", "--noheader", "--array", "--name=" + jobName, "--format=%i|%k|%T"]);
        if (exit != 0) throw new MedPeftException($"squeue failed (exit code {exit}): {error.Trim()}");
        var tasks = new List<QueuedTask>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            // %i of an array task is <array job id>_<index>; a job that is not an array (none of ours) has no index.
            var id = fields[0].Split('_');
            if (fields.Length == 3 && id.Length == 2 && int.TryParse(id[1], out var task)) tasks.Add(new QueuedTask(id[0], task, fields[1], fields[2]));
        }
        return tasks;
    }

    /// <summary>How array task <paramref name="task"/> of <paramref name="jobId"/> ended (state and exit code) where the cluster keeps accounting; null where it keeps none.</summary>
    public static string? Ended(string jobId, int task)
    {
        var (exit, output, _) = Run("sacct", required: false, ["--noheader", "--parsable2", "--allocations", "--jobs", $"{jobId}_{task}", "--format=State,ExitCode"]);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return exit == 0 && line?.Split('|') is [var state, var code] ? $"{state} (exit code {code})" : null;
    }

    /// <summary>Runs a Slurm command; one that cannot be started is an error when <paramref name="required"/>, else exit code 127.</summary>
    static (int Exit, string Output, string Error) Run(string program, bool required = true, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"could not start {program}");
        }
        catch (Win32Exception e) when (!required)
        {
            return (127, "", e.Message);
        }
        catch (Win32Exception e)
        {
            throw new MedPeftException($"{program}: cannot run it ({e.Message}); --launcher slurm needs Slurm's commands (sbatch, squeue) on PATH.", e);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
    }
}
