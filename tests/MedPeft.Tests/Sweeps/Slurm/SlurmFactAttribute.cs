using System.Diagnostics;

namespace MedPeft.Tests.Sweeps.Slurm;

/// <summary>
/// A fact that needs a Slurm cluster this machine can submit to (as <c>.ci/slurm-up</c> starts one: <c>sinfo</c> on PATH
/// answers, with <c>SLURM_CONF</c> naming the configuration where it is not the system's); elsewhere it is reported as
/// skipped with the reason.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    static readonly Lazy<string?> Missing = new(Probe);

    public SlurmFactAttribute()
    {
        if (Missing.Value is { } reason) Skip = $"no Slurm cluster is reachable ({reason}): .ci/slurm-up starts one on this machine";
    }

    /// <summary>Why no cluster answers, or null when one does.</summary>
    static string? Probe()
    {
        var start = new ProcessStartInfo("sinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--noheader", "--format=%T" }) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill();
                return "sinfo did not answer in 20 s";
            }
            if (process.ExitCode != 0) return $"sinfo failed: {error.Result.Trim().Split('\n')[0]}";
            return output.Result.Split('\n').Any(state => state.Trim() is "idle" or "mixed" or "allocated") ? null : "sinfo shows no node that takes work";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "sinfo is not installed";
        }
    }
}
