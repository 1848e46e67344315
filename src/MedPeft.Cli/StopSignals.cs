using System.Runtime.InteropServices;

namespace MedPeft.Cli;

/// <summary>
/// SIGTERM and SIGINT while the tool runs a command that stops at safe points (<see cref="Stoppable"/>: train,
/// compare). The first asks it to stop at the next one (training: the next optimizer step, after writing its
/// checkpoint; compare: once its current training has stopped so) and the process then exits with 128 + the
/// signal's number (143, 130); a second exits at once. Every signal is forwarded to the tool's child processes
/// registered with <see cref="Forward"/> (compare's train runs). Other commands end on the first signal, as usual.
/// </summary>
internal static class StopSignals
{
    /// <summary>Set by a parent that forwards its signals to the child it starts: the child leaves the terminal's process group.</summary>
    public const string ForwardedVariable = "MEDPEFT_SIGNALS_FORWARDED";

    static readonly CancellationTokenSource Requested = new();
    static readonly HashSet<int> Children = [];
    static readonly Lock Gate = new();
    static PosixSignal? received;
    static bool stoppable;
    static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>
    /// Says that the running command stops at safe points: from now on the first signal cancels the token returned
    /// (never, when <see cref="Install"/> was not called: the commands run in a test host) instead of ending the process.
    /// </summary>
    public static CancellationToken Stoppable()
    {
        lock (Gate) stoppable = true;
        return Requested.Token;
    }

    /// <summary>The first signal received, if any.</summary>
    public static PosixSignal? Received
    {
        get
        {
            lock (Gate) return received;
        }
    }

    /// <summary>Takes over SIGTERM and SIGINT for this process (the tool's entry point calls it once).</summary>
    public static void Install()
    {
        if (Environment.GetEnvironmentVariable(ForwardedVariable) == "1") NativeProcess.LeaveParentGroup();
        // Kept for the life of the process: a registration that is collected stops handling its signal.
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle));
    }

    /// <summary>Forwards every signal to process <paramref name="pid"/> until disposed (one received before is sent at once).</summary>
    public static IDisposable Forward(int pid)
    {
        PosixSignal? already;
        lock (Gate)
        {
            Children.Add(pid);
            already = received;
        }
        if (already is PosixSignal signal) NativeProcess.Send(pid, signal);
        return new Forwarding(pid);
    }

    static void Handle(PosixSignalContext context)
    {
        bool first;
        int[] children;
        lock (Gate)
        {
            if (!stoppable) return; // the default: the process ends
            context.Cancel = true; // the default would end it without a checkpoint
            first = received is null;
            received ??= context.Signal;
            children = [.. Children];
        }
        foreach (var pid in children) NativeProcess.Send(pid, context.Signal);
        if (first)
        {
            Console.Error.WriteLine($"{context.Signal}: stopping at the next safe point (training: after the optimizer step, with a checkpoint); a second signal stops at once");
            Requested.Cancel();
            return;
        }
        Console.Error.WriteLine($"stopped at once by a second signal ({context.Signal}); what was written is kept, up to the last checkpoint");
        NativeProcess.ExitNow(ExitCodes.StoppedBy(context.Signal));
    }

    sealed class Forwarding(int pid) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) Children.Remove(pid);
        }
    }
}
