using System.Globalization;

namespace MedPeft.IO;

/// <summary>
/// A write that failed for lack of space. The message names the folder written to and about how many bytes
/// the write needed, so the user knows where to free how much; the command line exits with code 2, saying
/// how to continue once there is space.
/// </summary>
internal sealed class DiskFullException(string folder, long bytesNeeded, string what, IOException cause)
    : MedPeftException(Describe(folder, bytesNeeded, what), cause)
{
    /// <summary>The folder the write went to.</summary>
    public string Folder { get; } = folder;

    /// <summary>About how many bytes the write needed.</summary>
    public long BytesNeeded { get; } = bytesNeeded;

    /// <summary>
    /// Whether <paramref name="e"/> reports a full disk or quota: ENOSPC (28) or EDQUOT (122) as .NET reports them on
    /// Linux, ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows.
    /// </summary>
    public static bool IsDiskFull(IOException e) => e.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027);

    /// <summary>The bytes of the files under <paramref name="folder"/>: what a partly written folder took before the disk filled.</summary>
    public static long BytesIn(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    static string Describe(string folder, long bytes, string what) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{folder}: no space left on the device: writing {what} needs about {bytes:N0} bytes ({bytes / 1048576.0:0.#} MiB) there{FreeSpace(folder)}; what was written before is intact.");

    static string FreeSpace(string folder)
    {
        try
        {
            return string.Create(CultureInfo.InvariantCulture, $", {new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace:N0} bytes are free");
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
