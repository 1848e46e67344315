using System.CommandLine;
using MedPeft.Cli.Slurm;

namespace MedPeft.Cli;

/// <summary>The options of <c>sweep run --launcher slurm</c>: the job array's resources and sbatch options, and whether to wait for it.</summary>
internal sealed class SlurmCliOptions
{
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
    readonly Option<bool> noWait = new("--no-wait") { Description = "Slurm: return once the array is submitted (sweep status follows it; sweep run again waits for it)." };

    IEnumerable<Option> All => [partition, time, memory, gres, account, arguments, noWait];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>Refuses these options where no Slurm array is submitted.</summary>
    public void RefuseWithout(ParseResult parse, string needed)
    {
        if (All.FirstOrDefault(option => parse.GetResult(option) is { Implicit: false }) is { } given)
            throw new MedPeftException($"{given.Name} is an option of {needed}.");
    }

    public SlurmOptions Options(ParseResult parse, int? maxRunning) => new(maxRunning, parse.GetValue(partition), parse.GetValue(time), parse.GetValue(memory),
        parse.GetValue(gres), parse.GetValue(account), parse.GetValue(arguments) ?? [], Wait: !parse.GetValue(noWait));
}
