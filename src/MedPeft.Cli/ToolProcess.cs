using System.Diagnostics;
using System.Reflection;

namespace MedPeft.Cli;

/// <summary>Runs the <c>medpeft</c> tool itself in a child process.</summary>
internal static class ToolProcess
{
    /// <summary>
    /// Runs the tool, copying its output and errors line by line to <paramref name="output"/>, and forwarding this
    /// process's SIGTERM and SIGINT to it (<see cref="StopSignals"/>) unless <paramref name="forwardSignals"/> is false
    /// (where the signal reaches every process anyway, as in a Slurm task), with <paramref name="environment"/> added to
    /// its environment; returns its exit code.
    /// </summary>
    public static int Run(IReadOnlyList<string> arguments, TextWriter output, string prefix = "  | ", IReadOnlyDictionary<string, string>? environment = null,
        bool forwardSignals = true)
    {
        var start = StartInfo(arguments, environment);
        start.Environment["CI"] = "1"; // plain progress lines, not a redrawn bar
        if (forwardSignals) start.Environment[StopSignals.ForwardedVariable] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        using var forwarding = forwardSignals ? StopSignals.Forward(process.Id) : null;
        var gate = new object();
        void Copy(string? line)
        {
            if (line is null) return;
            lock (gate) output.WriteLine(prefix + line);
        }
        process.OutputDataReceived += (_, e) => Copy(e.Data);
        process.ErrorDataReceived += (_, e) => Copy(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }

    public sealed record Captured(int ExitCode, string Output, string Error);

    /// <summary>Runs the tool (with <paramref name="environment"/> added to its environment) and returns what it printed, output and errors apart.</summary>
    public static Captured Capture(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = StartInfo(arguments, environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Captured(process.ExitCode, output, error.Result);
    }

    /// <summary>
    /// The command line that starts the tool with <paramref name="arguments"/> from anywhere (for a script another
    /// machine runs): the executable by its full path, then its arguments.
    /// </summary>
    public static IReadOnlyList<string> CommandLine(IReadOnlyList<string> arguments)
    {
        var start = StartInfo(arguments, null);
        return [FullPath(start.FileName), .. start.ArgumentList];
    }

    /// <summary>An executable's full path: as it is when it has a folder, else the first match on PATH.</summary>
    static string FullPath(string executable) =>
        executable.Contains(Path.DirectorySeparatorChar) ? Path.GetFullPath(executable)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, executable)).FirstOrDefault(File.Exists)
          ?? throw new MedPeftException($"{executable}: not found on PATH; a script run elsewhere needs its full path.");

    /// <summary>
    /// The executable of this process when it is the tool's own (its apphost or tool shim); otherwise
    /// (under <c>dotnet</c>, or in a test host that loaded the tool's assembly) the .NET host running the
    /// tool's assembly; with <paramref name="environment"/> added to its environment.
    /// </summary>
    static ProcessStartInfo StartInfo(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var tool = typeof(ToolProcess).Assembly;
        var current = Environment.ProcessPath;
        bool underDotnet = Path.GetFileNameWithoutExtension(current) == "dotnet";
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (current is not null && !underDotnet && Assembly.GetEntryAssembly() == tool) start.FileName = current;
        else
        {
            start.FileName = underDotnet ? current! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(tool.Location);
        }
        foreach (var argument in arguments.Concat(CliApp.GlobalArguments())) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return start;
    }
}
