namespace MedPeft.Cli.Slurm;

/// <summary>
/// What <c>sweep run --launcher slurm</c> asks of the cluster for its job array; a setting left null is the cluster's
/// default, except <see cref="Memory"/> (the memory plan's) and the CPUs (the grid's threads).
/// </summary>
/// <param name="MaxRunning">Array tasks that run at once (sbatch's <c>%K</c> throttle); null: as many as the cluster gives.</param>
/// <param name="Partition">sbatch <c>--partition</c>.</param>
/// <param name="Time">sbatch <c>--time</c>, in Slurm's format (e.g. <c>2:00:00</c>); each task asks to be requeued shortly before it.</param>
/// <param name="Memory">sbatch <c>--mem</c>, in Slurm's format (e.g. <c>16G</c>); null: the memory plan's peak of the largest cell, with room for the process.</param>
/// <param name="Gres">sbatch <c>--gres</c> (e.g. <c>gpu:1</c>).</param>
/// <param name="Account">sbatch <c>--account</c>.</param>
/// <param name="Arguments">Further sbatch options, each written as given (e.g. <c>--qos=long</c>, <c>--constraint=avx2</c>).</param>
/// <param name="Wait">Follow the array until its tasks end (else return once it is submitted).</param>
internal sealed record SlurmOptions(int? MaxRunning = null, string? Partition = null, string? Time = null, string? Memory = null, string? Gres = null,
    string? Account = null, IReadOnlyList<string>? Arguments = null, bool Wait = true)
{
    /// <summary>The sbatch options of <see cref="Partition"/> to <see cref="Arguments"/>, as <c>--name=value</c> (those set).</summary>
    public IEnumerable<string> SbatchOptions()
    {
        foreach (var (name, value) in new[] { ("partition", Partition), ("time", Time), ("mem", Memory), ("gres", Gres), ("account", Account) })
            if (value is not null) yield return $"--{name}={value}";
        foreach (var argument in Arguments ?? [])
            yield return argument;
    }
}
