using System.Diagnostics;
using System.Reflection;

namespace MedPeft.Cli;

/// <summary>Runs this tool again in a child process, for measurements that need a process of their own.</summary>
public static class ToolProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(IEnumerable<string> arguments)
    {
        var start = StartInfo();
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, output, error.Result);
    }

    /// <summary>
    /// The executable of this process when it is the tool's own (its apphost or tool shim); otherwise
    /// (under <c>dotnet</c>, or in a test host that loaded the tool's assembly) the .NET host running the
    /// tool's assembly.
    /// </summary>
    static ProcessStartInfo StartInfo()
    {
        var tool = typeof(ToolProcess).Assembly;
        var current = Environment.ProcessPath;
        bool underDotnet = Path.GetFileNameWithoutExtension(current) == "dotnet";
        if (current is not null && !underDotnet && Assembly.GetEntryAssembly() == tool) return new ProcessStartInfo(current);
        var start = new ProcessStartInfo(underDotnet ? current! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(tool.Location);
        return start;
    }
}
