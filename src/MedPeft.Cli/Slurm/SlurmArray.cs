namespace MedPeft.Cli.Slurm;

/// <summary>
/// One submission of a sweep's cells as a Slurm job array: task <c>i</c> trains the cell <c>Keys[i]</c> of the sweep
/// folder by running <paramref name="Tool"/> <c>sweep train-cell &lt;folder&gt; &lt;key&gt;</c>.
/// </summary>
/// <param name="Name">The submission's name: its script is <c>slurm/&lt;name&gt;.sh</c> in the sweep folder, its keys <c>slurm/&lt;name&gt;.keys</c>, and its job's comment.</param>
/// <param name="JobName">The job name of every array of the sweep folder, by which its tasks are found in the queue.</param>
/// <param name="Tool">The command line that starts medpeft on a node: its executable by full path and any arguments before the command.</param>
/// <param name="Cpus">CPUs per task: the grid's threads.</param>
/// <param name="PlannedMemoryMiB">The memory per task when the options set none.</param>
internal sealed record SlurmArray(string Name, string JobName, string SweepDirectory, IReadOnlyList<string> Keys, IReadOnlyList<string> Tool, int Cpus, long PlannedMemoryMiB)
{
    public const string Folder = "slurm";

    public string ScriptPath => Path.Combine(SweepDirectory, Folder, Name + ".sh");
    public string KeysPath => Path.Combine(SweepDirectory, Folder, Name + ".keys");

    /// <summary>The output file of task <paramref name="task"/> of array job <paramref name="jobId"/> (sbatch's <c>%A_%a</c>).</summary>
    public static string OutputOf(string sweepDirectory, string jobId, int task) => Path.Combine(sweepDirectory, Folder, $"{jobId}_{task}.out");
}
