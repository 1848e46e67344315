namespace MedPeft.Tests.Cli.Runtime;

public class LibTorchCacheTests
{
    [Fact]
    public void Processes_unpacking_at_once_leave_one_complete_folder()
    {
        using var fake = new FakeLibTorchFeed();
        var caches = Enumerable.Range(0, 8).Select(_ => fake.Cache()).ToList();

        Parallel.ForEach(caches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, cache => cache.InstallFrom(fake.Nupkg));

        Assert.True(caches[0].IsInstalled);
        Assert.Equal([caches[0].Folder], Directory.GetFileSystemEntries(caches[0].Parent));
        foreach (var (name, text) in FakeLibTorchFeed.Libraries)
            Assert.Equal(text, File.ReadAllText(Path.Combine(caches[0].Folder, name)));
    }

    [Fact]
    public void Is_not_installed_until_the_folder_has_libtorch()
    {
        using var fake = new FakeLibTorchFeed();
        var cache = fake.Cache();
        Assert.False(cache.IsInstalled);
        Directory.CreateDirectory(cache.Folder);
        Assert.False(cache.IsInstalled);
    }
}
