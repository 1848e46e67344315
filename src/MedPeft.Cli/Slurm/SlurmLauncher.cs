using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MedPeft.IO;
using MedPeft.Runs;
using MedPeft.Sweeps;

namespace MedPeft.Cli.Slurm;

/// <summary>
/// Runs cells as the tasks of a Slurm job array (<see cref="SlurmScript"/>), submitted with sbatch and followed with
/// squeue. Every array of a sweep folder has one job name; a cell with a task of that name pending or running is not
/// submitted again. Each task keeps its cell's status file as a local run does (<see cref="CellTraining"/>); a task that
/// ended without an end of its own (killed, out of memory, cancelled before it ran) leaves its cell failed, with how it
/// ended where the cluster keeps accounting (sacct).
/// </summary>
/// <param name="tool">The command line that starts medpeft on a node (its executable by full path, then any arguments before the command).</param>
/// <param name="poll">How often squeue is asked while the array runs.</param>
internal sealed class SlurmLauncher(string sweepDirectory, SlurmOptions options, IReadOnlyList<string> tool, TextWriter log, TimeSpan poll) : ICellLauncher
{
    const string QueuedPrefix = "queued as Slurm task ";

    readonly string sweep = Path.GetFullPath(sweepDirectory);

    /// <summary>The job name of every array of the sweep in <paramref name="sweepDirectory"/>: a hash of its full path.</summary>
    public static string JobNameOf(string sweepDirectory) =>
        "medpeft-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(sweepDirectory))))[..12];

    /// <summary>The memory a task asks for by default: the plan's peak of the largest cell, a quarter more, and 512 MiB for the task's own process; in MiB, a multiple of 256.</summary>
    public static long PlannedMemoryMiB(IEnumerable<RunSpec> runs)
    {
        long peak = CellMemory.LargestPeakBytes(runs);
        long mib = (peak + peak / 4 + (512L << 20) + (1 << 20) - 1) >> 20;
        return (mib + 255) / 256 * 256;
    }

    public void Launch(IReadOnlyList<CellLaunch> cells, CancellationToken stop)
    {
        var jobName = JobNameOf(sweep);
        var queued = Queued(jobName);
        var tasks = cells.Where(c => queued.ContainsKey(c.Folder.Key)).ToDictionary(c => c.Folder.Key, c => queued[c.Folder.Key]);
        if (tasks.Count > 0) log.WriteLine($"{tasks.Count} of them pending or running on Slurm already ({string.Join(", ", tasks.Values.Order(StringComparer.Ordinal))}): not submitted again");
        var submit = cells.Where(c => !tasks.ContainsKey(c.Folder.Key)).ToList();
        if (submit.Count > 0)
            foreach (var (key, task) in Submit(submit, jobName)) tasks[key] = task;
        if (!options.Wait)
        {
            log.WriteLine($"not waiting for the array: medpeft sweep status {sweepDirectory} shows the cells, squeue --name={jobName} its tasks");
            return;
        }
        Follow(cells, tasks, jobName, stop);
    }

    /// <summary>Writes the array's script and submits it; returns each cell's task (<c>&lt;job&gt;_&lt;index&gt;</c>) by key.</summary>
    List<(string Key, string Task)> Submit(IReadOnlyList<CellLaunch> cells, string jobName)
    {
        var name = "array-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        var array = new SlurmArray(name, jobName, sweep, cells.Select(c => c.Folder.Key).ToList(), tool, cells.Max(c => c.Cell.Threads),
            PlannedMemoryMiB(cells.Select(c => RunSpec.Load(c.Folder.RunDirectory))));
        Directory.CreateDirectory(Path.GetDirectoryName(array.ScriptPath)!);
        AtomicFile.WriteAllText(array.KeysPath, string.Join('\n', array.Keys) + "\n");
        AtomicFile.WriteAllText(array.ScriptPath, SlurmScript.Of(array, options));
        // The statuses say queued before sbatch returns: a task that starts at once then finds its cell's status as it should.
        var before = cells.Select(c => (c.Folder, Status: CellStatus.Load(c.Folder.Path))).ToList();
        for (int i = 0; i < cells.Count; i++) new CellStatus(CellState.Pending, $"{QueuedPrefix}of {name}, index {i}", null, cells[i].Folder.Log).Save(cells[i].Folder.Path);
        string job;
        try
        {
            job = SlurmCommands.Submit(array.ScriptPath);
        }
        catch (MedPeftException)
        {
            foreach (var (folder, status) in before) (status ?? new CellStatus(CellState.Pending, null, null, folder.Log)).Save(folder.Path);
            throw;
        }
        log.WriteLine($"submitted {cells.Count} cells as Slurm job array {job} ({array.ScriptPath}); task outputs: {Path.Combine(sweep, SlurmArray.Folder, job + "_<index>.out")}");
        var tasks = new List<(string Key, string Task)>();
        for (int i = 0; i < cells.Count; i++)
        {
            var folder = cells[i].Folder;
            // Unless its task has started already.
            if (CellStatus.Load(folder.Path) is { State: CellState.Pending, Reason: { } reason } && reason.StartsWith(QueuedPrefix, StringComparison.Ordinal))
                new CellStatus(CellState.Pending, $"{QueuedPrefix}{job}_{i}", null, folder.Log).Save(folder.Path);
            tasks.Add((folder.Key, $"{job}_{i}"));
        }
        return tasks;
    }

    /// <summary>The cells with a task of <paramref name="jobName"/> pending or running: the task (<c>&lt;job&gt;_&lt;index&gt;</c>) by key.</summary>
    Dictionary<string, string> Queued(string jobName)
    {
        var keysBySubmission = new Dictionary<string, string[]>();
        var cells = new Dictionary<string, string>();
        foreach (var task in SlurmCommands.Queued(jobName))
        {
            if (!keysBySubmission.TryGetValue(task.Comment, out var keys))
            {
                // The comment names the submission, whose keys file lists the cells by index.
                var path = Path.Combine(sweep, SlurmArray.Folder, task.Comment + ".keys");
                keysBySubmission[task.Comment] = keys = File.Exists(path) ? File.ReadAllLines(path) : [];
            }
            if (task.Task < keys.Length) cells[keys[task.Task]] = $"{task.JobId}_{task.Task}";
        }
        return cells;
    }

    /// <summary>Says each cell's change (running, done, failed) until none has a task in the queue; then settles those whose task ended without an end of its own.</summary>
    void Follow(IReadOnlyList<CellLaunch> cells, Dictionary<string, string> tasks, string jobName, CancellationToken stop)
    {
        var seen = new Dictionary<string, CellState>();
        while (true)
        {
            var queued = Queued(jobName);
            foreach (var cell in cells)
            {
                var state = cell.Folder.IsDone ? CellState.Done : CellStatus.Load(cell.Folder.Path)?.State ?? CellState.Pending;
                if (seen.TryGetValue(cell.Folder.Key, out var before) ? before == state : state == CellState.Pending) continue;
                seen[cell.Folder.Key] = state;
                log.WriteLine($"{state.ToString().ToLowerInvariant()}: {cell.Cell.Row.Name}, seed {cell.Cell.Seed} ({cell.Folder.Key}, Slurm task {tasks[cell.Folder.Key]})");
            }
            if (!cells.Any(c => queued.ContainsKey(c.Folder.Key))) break;
            if (stop.WaitHandle.WaitOne(poll))
                throw new OperationCanceledException($"stopped following the Slurm array; its tasks keep running (scancel --name={jobName} stops them), and the same sweep run follows them again", stop);
        }
        foreach (var cell in cells.Where(c => !c.Folder.IsDone))
        {
            var status = CellStatus.Load(cell.Folder.Path);
            bool endedUnseen = status is { State: CellState.Running } && !FolderLock.IsHeld(cell.Folder.Path)
                || status is { State: CellState.Pending, Reason: { } reason } && reason.StartsWith(QueuedPrefix, StringComparison.Ordinal);
            if (!endedUnseen) continue;
            var task = tasks[cell.Folder.Key];
            var (job, index) = (task[..task.IndexOf('_')], int.Parse(task[(task.IndexOf('_') + 1)..], CultureInfo.InvariantCulture));
            var how = SlurmCommands.Ended(job, index) is { } ended ? $"ended {ended}" : "ended before its training did (the cluster keeps no accounting to say how)";
            var output = SlurmArray.OutputOf(sweep, job, index);
            new CellStatus(CellState.Failed, $"its Slurm task {task} {how}; see {output} and its log; the next sweep run resumes it", null, cell.Folder.Log).Save(cell.Folder.Path);
            log.WriteLine($"failed: {cell.Cell.Row.Name}, seed {cell.Cell.Seed} ({cell.Folder.Key}): its Slurm task {task} {how}");
        }
    }
}
