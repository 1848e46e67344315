using System.Globalization;
using System.Text;

namespace MedPeft.Cli.Slurm;

/// <summary>
/// The sbatch script of a <see cref="SlurmArray"/>: its resources in <c>#SBATCH</c> lines, then the task's work, the
/// cell's <c>medpeft sweep train-cell</c>. Every task can be requeued (<c>--requeue</c>) and appends to its output file;
/// shortly before the time limit Slurm sends the script USR1 and the task asks to be requeued, which stops it as a
/// cancel does (SIGTERM to every process: the training writes its checkpoint) and queues it again to continue.
/// </summary>
internal static class SlurmScript
{
    /// <summary>How long before the time limit the task asks to be requeued: time for the training to reach its next step and write its checkpoint.</summary>
    public const int RequeueSecondsBeforeLimit = 120;

    public static string Of(SlurmArray array, SlurmOptions options)
    {
        if (array.Keys.Count == 0) throw new ArgumentException("an array needs at least one cell", nameof(array));
        var script = new StringBuilder();
        script.Append("""
            #!/bin/bash
            # A Slurm job array of a medpeft sweep, written by `medpeft sweep run --launcher slurm` and submitted with sbatch.
            # Task i trains the cell keys[i] of the sweep folder with `medpeft sweep train-cell`: started, or continued from its
            # checkpoint when it was started before (a requeued task continues); a cell trained to its end is left as it is.

            """.Replace("\r", ""));
        var throttle = options.MaxRunning is int running ? $"%{running}" : "";
        var lines = new List<string>
        {
            $"--job-name={array.JobName}",
            $"--comment={array.Name}",
            $"--array=0-{array.Keys.Count - 1}{throttle}",
            $"--cpus-per-task={array.Cpus}",
            $"--output={Quoted(Path.Combine(array.SweepDirectory, SlurmArray.Folder, "%A_%a.out"))}",
            "--open-mode=append",
            "--requeue",
            $"--signal=B:USR1@{RequeueSecondsBeforeLimit}",
        };
        if (options.Memory is null) lines.Add($"--mem={array.PlannedMemoryMiB.ToString(CultureInfo.InvariantCulture)}M");
        lines.AddRange(options.SbatchOptions().Select(Option));
        foreach (var line in lines) script.Append("#SBATCH ").Append(line).Append('\n');
        script.Append('\n');
        script.Append($"keys=({string.Join(' ', array.Keys)})\n");
        script.Append("""
            # A cancel, a preemption or the time limit sends SIGTERM to every process of the task: the training writes its
            # checkpoint and stops (this shell ignores it and waits). USR1 comes to this shell alone, before the time limit.
            trap 'scontrol requeue "$SLURM_JOB_ID"' USR1
            trap ':' TERM

            """.Replace("\r", ""));
        script.Append(string.Join(' ', array.Tool.Concat(["sweep", "train-cell", array.SweepDirectory]).Select(ShellWord)))
            .Append(" \"${keys[$SLURM_ARRAY_TASK_ID]}\" &\n");
        script.Append("""
            child=$!
            # wait returns early when a trapped signal comes: wait again until the task's process has ended.
            while :; do
              wait "$child"
              status=$?
              kill -0 "$child" 2>/dev/null || break
            done
            exit "$status"

            """.Replace("\r", ""));
        return script.ToString();
    }

    /// <summary>A word for bash: in single quotes unless it is plain.</summary>
    public static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=+:,@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>A value in an <c>#SBATCH</c> line, which sbatch reads up to the first blank unless it is in double quotes.</summary>
    static string Quoted(string value)
    {
        if (value.Contains('"') || value.Contains('\n')) throw new MedPeftException($"'{value}': an sbatch option cannot hold a double quote or a line break.");
        return value.Any(char.IsWhiteSpace) ? $"\"{value}\"" : value;
    }

    /// <summary>An option <c>--name=value</c> (or a flag) as an <c>#SBATCH</c> line writes it.</summary>
    static string Option(string option)
    {
        if (!option.StartsWith('-')) throw new MedPeftException($"--slurm-arg '{option}': expected an sbatch option (starting with '-', e.g. --qos=long).");
        int equals = option.IndexOf('=');
        return equals < 0 ? Quoted(option) : option[..(equals + 1)] + Quoted(option[(equals + 1)..]);
    }
}
