using System.Diagnostics;
using System.Runtime.InteropServices;
using MedPeft.Cli;

namespace MedPeft.Tests.Cli;

/// <summary>
/// The <c>medpeft</c> tool running in a child process whose output lines the test can wait for, and signal: what
/// the tests of locks and signals need, which the in-process runner cannot give.
/// </summary>
public sealed class ToolChild : IDisposable
{
    /// <summary>Only against a hang: no wait in these tests takes a fraction of it.</summary>
    static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    readonly Process process;
    readonly List<string> output = [], error = [];
    readonly object gate = new();
    readonly TaskCompletionSource outputClosed = new(), errorClosed = new();

    public ToolChild(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "medpeft")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["CI"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Add(output, e.Data, outputClosed);
        process.ErrorDataReceived += (_, e) => Add(error, e.Data, errorClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (gate) return string.Join("\n", output);
        }
    }

    public string Error
    {
        get
        {
            lock (gate) return string.Join("\n", error);
        }
    }

    void Add(List<string> lines, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (gate)
        {
            lines.Add(line);
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Waits until the tool prints a line on its output that <paramref name="matches"/>; fails if it exits first.</summary>
    public string WaitForLine(Func<string, bool> matches, string what)
    {
        var deadline = DateTime.UtcNow + Guard;
        lock (gate)
        {
            while (true)
            {
                if (output.FirstOrDefault(matches) is { } line) return line;
                if (process.HasExited && outputClosed.Task.IsCompleted)
                    Assert.Fail($"the tool exited (code {process.ExitCode}) before printing {what}:\n{string.Join("\n", output)}\n{string.Join("\n", error)}");
                if (DateTime.UtcNow > deadline) Assert.Fail($"the tool did not print {what}:\n{string.Join("\n", output)}");
                Monitor.Wait(gate, TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Sends the tool a signal, as <c>kill</c> would.</summary>
    public void Signal(PosixSignal signal) => NativeProcess.Send(process.Id, signal);

    /// <summary>Waits for the tool to exit and for all it printed; returns its exit code.</summary>
    public int WaitForExit()
    {
        Assert.True(process.WaitForExit(Guard), $"the tool did not exit:\n{Output}");
        Task.WaitAll(outputClosed.Task, errorClosed.Task);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}
