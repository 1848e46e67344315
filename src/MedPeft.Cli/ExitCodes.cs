namespace MedPeft.Cli;

/// <summary>Process exit codes of the <c>medpeft</c> tool.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work ran but its result is a failure (e.g. a parity check out of tolerance).</summary>
    public const int Failed = 1;
    /// <summary>Bad input: a file, a field, an option value or the command line itself.</summary>
    public const int BadInput = 2;
    /// <summary>A bug or an environment failure nobody anticipated.</summary>
    public const int Unexpected = 3;

    /// <summary>Stopped by a signal, as a shell reports it: 128 + the signal's number (SIGTERM 143, SIGINT 130).</summary>
    public static int StoppedBy(System.Runtime.InteropServices.PosixSignal signal) => 128 + NativeProcess.Number(signal);
}
