using MedPeft.Cli.Slurm;

namespace MedPeft.Tests.Sweeps.Slurm;

/// <summary>The sbatch script of a sweep's job array, as text: its options, throttle, pass-through options and quoting (no cluster needed).</summary>
public sealed class SlurmScriptTests
{
    static readonly SlurmArray Array = new("array-1", "medpeft-0123456789ab", "/shared/my sweeps/study", ["aaaa", "bbbb", "cccc"],
        ["/opt/dotnet dir/dotnet", "exec", "/opt/medpeft/MedPeft.Cli.dll"], Cpus: 4, PlannedMemoryMiB: 1536);

    static string[] Directives(string script) =>
        script.Split('\n').Where(line => line.StartsWith("#SBATCH ", StringComparison.Ordinal)).Select(line => line["#SBATCH ".Length..]).ToArray();

    [Fact]
    public void TheArrayHasATaskPerCellItsCpusThePlannedMemoryAndRequeueBeforeTheTimeLimit()
    {
        var script = SlurmScript.Of(Array, new SlurmOptions());

        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Equal([
            "--job-name=medpeft-0123456789ab", "--comment=array-1", "--array=0-2", "--cpus-per-task=4",
            "--output=\"/shared/my sweeps/study/slurm/%A_%a.out\"", "--open-mode=append", "--requeue", "--signal=B:USR1@120", "--mem=1536M",
        ], Directives(script));
        Assert.Contains("keys=(aaaa bbbb cccc)\n", script);
        // The tool by its full paths, the sweep folder quoted for bash; the task's key from the array index.
        Assert.Contains("'/opt/dotnet dir/dotnet' exec /opt/medpeft/MedPeft.Cli.dll sweep train-cell '/shared/my sweeps/study' \"${keys[$SLURM_ARRAY_TASK_ID]}\" &\n", script);
        Assert.Contains("trap 'scontrol requeue \"$SLURM_JOB_ID\"' USR1\n", script);
    }

    [Fact]
    public void TheOptionsThrottleAndPassThroughArgumentsAreWrittenAsGiven()
    {
        var options = new SlurmOptions(MaxRunning: 2, Partition: "cpu", Time: "4:00:00", Memory: "16G", Gres: "gpu:1", Account: "lab",
            Arguments: ["--qos=long", "--exclusive", "--constraint=avx2 fast"]);

        var directives = Directives(SlurmScript.Of(Array, options));

        Assert.Contains("--array=0-2%2", directives);
        Assert.Equal(["--partition=cpu", "--time=4:00:00", "--mem=16G", "--gres=gpu:1", "--account=lab", "--qos=long", "--exclusive", "--constraint=\"avx2 fast\""],
            directives[^8..]);
        // The user's memory replaces the planned one.
        Assert.DoesNotContain("--mem=1536M", directives);
    }

    [Theory]
    [InlineData("qos=long", "--slurm-arg 'qos=long': expected an sbatch option (starting with '-', e.g. --qos=long).")]
    [InlineData("--comment=a\"b", "'a\"b': an sbatch option cannot hold a double quote or a line break.")]
    public void AnArgumentThatIsNoOptionOrCannotBeQuotedIsRefused(string argument, string message)
    {
        var refused = Assert.Throws<MedPeftException>(() => SlurmScript.Of(Array, new SlurmOptions(Arguments: [argument])));
        Assert.Equal(message, refused.Message);
    }

    [Theory]
    [InlineData("/plain/path-1.x", "/plain/path-1.x")]
    [InlineData("/with space", "'/with space'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    [InlineData("$HOME", "'$HOME'")]
    public void ShellWordsAreQuotedOnlyWhereBashWouldReadThemOtherwise(string word, string expected) =>
        Assert.Equal(expected, SlurmScript.ShellWord(word));

    [Fact]
    public void TheScriptIsValidBash()
    {
        var file = Path.Combine(Path.GetTempPath(), $"medpeft-array-{Guid.NewGuid():N}.sh");
        File.WriteAllText(file, SlurmScript.Of(Array, new SlurmOptions(Arguments: ["--constraint=a b"])));
        try
        {
            using var bash = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-n", file]) { RedirectStandardError = true })!;
            var error = bash.StandardError.ReadToEnd();
            bash.WaitForExit();
            Assert.True(bash.ExitCode == 0, error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
