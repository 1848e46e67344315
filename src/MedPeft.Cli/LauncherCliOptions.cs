using System.CommandLine;
using MedPeft.Cli.Slurm;
using MedPeft.Runs;
using MedPeft.Runtime;
using MedPeft.Sweeps;

namespace MedPeft.Cli;

/// <summary>
/// The options of the commands that train a sweep's cells (<c>sweep run</c>, <c>compare</c>): where they run
/// (<c>--launcher local|slurm</c>), how many at once, the Slurm job array's resources and sbatch options, and whether to
/// wait for it; and the launcher they give.
/// </summary>
internal sealed class LauncherCliOptions
{
    const string Local = "local", Slurm = "slurm";

    /// <summary>How often squeue is asked while an array runs.</summary>
    static readonly TimeSpan SlurmPoll = TimeSpan.FromSeconds(2);

    readonly Option<string> launcher = new("--launcher") { Description = "Where the cells train: local (child processes of this one) or slurm (the tasks of a Slurm job array).", DefaultValueFactory = _ => Local };
    readonly Option<int?> parallel = new("--parallel", "--max-running")
    {
        HelpName = "N",
        Description = "Cells trained at once: local, default 1, at most the cores and as many as the memory available now holds at the plan's peak of the largest cell; slurm, the array's throttle (default: no limit).",
    };
    readonly Option<string?> partition = new("--partition") { Description = "Slurm: the partition (sbatch --partition; default: the cluster's)." };
    readonly Option<string?> time = new("--time") { Description = "Slurm: each task's time limit, e.g. 4:00:00 (sbatch --time); a task asks to be requeued 2 minutes before it and continues from its checkpoint." };
    readonly Option<string?> memory = new("--mem") { Description = "Slurm: each task's memory, e.g. 16G (sbatch --mem; default: the memory plan's peak of the largest cell, a quarter more, and 512 MiB)." };
    readonly Option<string?> gres = new("--gres") { Description = "Slurm: generic resources per task, e.g. gpu:1 (sbatch --gres)." };
    readonly Option<string?> account = new("--account") { Description = "Slurm: the account to charge (sbatch --account)." };
    readonly Option<string[]> arguments = new("--slurm-arg")
    {
        HelpName = "OPTION",
        Description = "Slurm: a further sbatch option written into the script as given, e.g. --slurm-arg=--qos=long (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };
    readonly Option<bool> noWait = new("--no-wait") { Description = "Slurm: return once the array is submitted (sweep status follows it; the same command again waits for it)." };

    IEnumerable<Option> SlurmOnly => [partition, time, memory, gres, account, arguments, noWait];

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { launcher, parallel }.Concat(SlurmOnly)) command.Options.Add(option);
    }

    /// <summary>Whether the local launcher trains one cell at a time (the default).</summary>
    public bool OneAtATime(ParseResult parse) => parse.GetValue(parallel) is null or 1;

    /// <summary>Whether the launcher follows the cells until they end (all but <c>--launcher slurm --no-wait</c>).</summary>
    public bool Waits(ParseResult parse) => !parse.GetValue(noWait);

    /// <summary>
    /// Checks the options now (a bad one is a <see cref="MedPeftException"/>) and returns what makes the launcher of a sweep
    /// folder, once the model is available. <paramref name="cellRuns"/> gives the cells' runs (model folders resolved), asked
    /// only when the local launcher needs their memory plan; <paramref name="train"/> trains a cell locally (given the cell and its log).
    /// </summary>
    public Func<string, ICellLauncher> Launcher(ParseResult parse, TextWriter writer, Func<IEnumerable<RunSpec>> cellRuns, Func<CellLaunch, TextWriter, int> train)
    {
        var chosen = parse.GetValue(launcher)!;
        if (chosen != Local && chosen != Slurm) throw new MedPeftException($"--launcher '{chosen}': expected {Local} or {Slurm}.");
        var count = parse.GetValue(parallel);
        if (count < 1) throw new MedPeftException($"--parallel {count}: expected at least 1 (the cells trained at once).");
        if (chosen == Slurm)
        {
            var options = new SlurmOptions(count, parse.GetValue(partition), parse.GetValue(time), parse.GetValue(memory), parse.GetValue(gres),
                parse.GetValue(account), parse.GetValue(arguments) ?? [], Wait: Waits(parse));
            var tool = ToolProcess.CommandLine([]);
            return sweep => new SlurmLauncher(sweep, options, tool, writer, SlurmPoll);
        }
        if (SlurmOnly.FirstOrDefault(option => parse.GetResult(option) is { Implicit: false }) is { } given)
            throw new MedPeftException($"{given.Name} is an option of --launcher {Slurm}.");
        int requested = count ?? 1;
        return _ => new LocalLauncher(LocalCells(requested, writer, cellRuns), train, writer);
    }

    /// <summary>The cells the local launcher trains at once: <paramref name="requested"/>, capped by the cores and the memory available (<see cref="LocalParallelism"/>), saying so when capped.</summary>
    static int LocalCells(int requested, TextWriter writer, Func<IEnumerable<RunSpec>> cellRuns)
    {
        if (requested == 1) return 1;
        var (running, cappedBy) = LocalParallelism.Of(requested, Environment.ProcessorCount, PhysicalMemory.AvailableBytes(), CellMemory.LargestPeakBytes(cellRuns()));
        if (cappedBy is not null) writer.WriteLine($"--parallel {requested} → {running}: {cappedBy}");
        return running;
    }
}
