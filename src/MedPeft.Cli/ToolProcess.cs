using System.Diagnostics;

namespace MedPeft.Cli;

/// <summary>Runs the <c>medpeft</c> tool itself in a child process, copying its output line by line.</summary>
public static class ToolProcess
{
    public static int Run(IReadOnlyList<string> arguments, TextWriter output, string prefix = "  | ")
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        start.FileName = host;
        // Started as 'dotnet medpeft.dll': the child needs the assembly as its first argument.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(ToolProcess).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["CI"] = "1"; // plain progress lines, not a redrawn bar
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
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
}
