using System.Runtime.InteropServices;

namespace MedPeft.Cli;

/// <summary>The POSIX calls .NET has no API for: sending a signal to another process, leaving the terminal's process group, exiting at once.</summary>
internal static class NativeProcess
{
    /// <summary>The signal's number on Linux (and macOS): SIGINT 2, SIGTERM 15.</summary>
    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGTERM => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "only SIGINT and SIGTERM are sent"),
    };

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; a process that has exited meanwhile is no error.</summary>
    public static void Send(int pid, PosixSignal signal) => _ = Kill(pid, Number(signal));

    /// <summary>
    /// Puts this process in a process group of its own, so that a Ctrl+C at the terminal reaches only the parent,
    /// which forwards it (else the signal would arrive twice: once from the terminal, once forwarded).
    /// </summary>
    public static void LeaveParentGroup() => _ = SetProcessGroup(0, 0);

    /// <summary>
    /// Ends the process now, with no exit handlers: <see cref="Environment.Exit"/> would tear down LibTorch's globals
    /// while the main thread still computes with them, which then fails with a misleading error.
    /// </summary>
    public static void ExitNow(int code) => Exit(code);

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void Exit(int status);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "setpgid", SetLastError = true)]
    private static extern int SetProcessGroup(int pid, int group);
}
