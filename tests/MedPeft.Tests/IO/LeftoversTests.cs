using System.Diagnostics;
using MedPeft.IO;

namespace MedPeft.Tests.IO;

/// <summary>
/// Temporaries are named after their owner (pid@host) and the next start removes those whose owner is gone: beside an
/// atomically created folder (e.g. a comparison's <c>.results.*.tmp</c>) and in the temporary directory (e.g. the base
/// model's <c>medpeft-base-*</c> stage). Owners are real processes: one still running, one that has exited.
/// </summary>
public sealed class LeftoversTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    readonly Process live = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;

    public void Dispose()
    {
        live.Kill();
        live.WaitForExit();
        live.Dispose();
        folder.Dispose();
    }

    static string MakeFolder(string path)
    {
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "part.bin"), "half written");
        return path;
    }

    [Fact]
    public void CreatingAFolderRemovesTheTemporariesBesideItThatDeadProcessesLeftAndKeepsTheLiveOnes()
    {
        var dead = MakeFolder(folder.File($".results.{OwnerNames.Of(OwnerNames.DeadPid())}.tmp"));
        var deadFile = folder.File($".scores.json.{OwnerNames.Of(OwnerNames.DeadPid())}.tmp");
        File.WriteAllText(deadFile, "{");
        var alive = MakeFolder(folder.File($".results.{OwnerNames.Of(live.Id)}.tmp"));
        var otherHost = MakeFolder(folder.File($".results.{OwnerNames.Of(OwnerNames.DeadPid(), "another-host")}.tmp"));
        var otherHostOld = MakeFolder(folder.File($".results.{OwnerNames.Of(OwnerNames.DeadPid(), "another-host")}.tmp"));
        Directory.SetLastWriteTimeUtc(otherHostOld, DateTime.UtcNow - TimeSpan.FromHours(25));
        var notOurs = MakeFolder(folder.File(".config"));

        AtomicDirectory.Create(folder.File("results"), work => File.WriteAllText(Path.Combine(work, "results.md"), "done"));

        Assert.False(Directory.Exists(dead), $"{dead}: its owner has exited, it should be gone");
        Assert.False(File.Exists(deadFile), $"{deadFile}: its owner has exited, it should be gone");
        Assert.True(Directory.Exists(alive), $"{alive}: its owner (pid {live.Id}) runs, it should be kept");
        Assert.True(Directory.Exists(otherHost), $"{otherHost}: another host's owner cannot be checked; kept for a day");
        Assert.False(Directory.Exists(otherHostOld), $"{otherHostOld}: another host's, older than a day, it should be gone");
        Assert.True(Directory.Exists(notOurs), $"{notOurs}: not a temporary of MedPeft's, it should be kept");
        Assert.Equal("done", File.ReadAllText(folder.File("results/results.md")));
    }

    [Fact]
    public void AFolderOfAPidNowTakenByALaterProcessIsRemoved()
    {
        // The live process started after this folder was last written: it cannot be the folder's owner.
        var reused = MakeFolder(folder.File($".checkpoint.{OwnerNames.Of(live.Id)}.tmp"));
        Directory.SetLastWriteTimeUtc(reused, DateTime.UtcNow - TimeSpan.FromHours(1));

        AtomicFile.WriteAllText(folder.File("summary.json"), "{}");

        Assert.False(Directory.Exists(reused), $"{reused}: written before its pid's process started, it should be gone");
    }

    [Fact]
    public void AStageInTheTemporaryDirectoryIsRemovedWhenItsOwnerIsGoneAndKeptWhileItRuns()
    {
        var prefix = $"medpeft-leftovers-test-{Guid.NewGuid():N}-";
        var temp = Path.GetTempPath();
        var dead = MakeFolder(Path.Combine(temp, prefix + OwnerNames.Of(OwnerNames.DeadPid())));
        var alive = MakeFolder(Path.Combine(temp, prefix + OwnerNames.Of(live.Id)));
        var unnamedOld = MakeFolder(Path.Combine(temp, prefix + "a1b2c3"));
        Directory.SetLastWriteTimeUtc(unnamedOld, DateTime.UtcNow - TimeSpan.FromHours(25));
        var unnamedNew = MakeFolder(Path.Combine(temp, prefix + "d4e5f6"));
        string? created = null;
        try
        {
            created = Leftovers.CreateTemporaryFolder(prefix);

            Assert.False(Directory.Exists(dead), $"{dead}: its owner has exited, it should be gone");
            Assert.True(Directory.Exists(alive), $"{alive}: its owner (pid {live.Id}) runs, it should be kept");
            Assert.False(Directory.Exists(unnamedOld), $"{unnamedOld}: without an owner and older than a day, it should be gone");
            Assert.True(Directory.Exists(unnamedNew), $"{unnamedNew}: without an owner but recent, it should be kept");
            Assert.StartsWith(prefix + TemporaryOwner.Tag + ".", Path.GetFileName(created));
        }
        finally
        {
            foreach (var path in new[] { dead, alive, unnamedOld, unnamedNew, created })
                if (path is not null && Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }
}
