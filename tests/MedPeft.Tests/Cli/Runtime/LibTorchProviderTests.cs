using MedPeft.Cli.Runtime;
using MedPeft.Tests.IO;

namespace MedPeft.Tests.Cli.Runtime;

public class LibTorchProviderTests
{
    static LibTorchProvider Provider(FakeLibTorchFeed fake, StringWriter log, LibTorchPackage? package = null) =>
        new(fake.Cache(package), fake.Feeds, log, interactive: false);

    static LibTorchProvider ProviderThatMustNotFetch(FakeLibTorchFeed fake) =>
        new(fake.Cache(), () => throw new InvalidOperationException("fetched"), TextWriter.Null, interactive: false);

    static void AssertLibrariesIn(string folder)
    {
        Assert.Equal(FakeLibTorchFeed.Libraries.Keys.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        foreach (var (name, text) in FakeLibTorchFeed.Libraries) Assert.Equal(text, File.ReadAllText(Path.Combine(folder, name)));
    }

    [Fact]
    public void The_first_use_fetches_the_package_into_the_cache_with_progress()
    {
        using var fake = new FakeLibTorchFeed();
        var log = new StringWriter();

        var folder = Provider(fake, log).Provide(given: null);

        Assert.Equal(Path.Combine(fake.CacheRoot, "libtorch", FakeLibTorchFeed.Version), folder);
        AssertLibrariesIn(folder);
        Assert.Contains($"fetching {fake.Package}: ", log.ToString());
        Assert.Contains("(100%)", log.ToString());
        Assert.Contains($"fetched {fake.Package} from {fake.Feed}", log.ToString());
        Assert.Equal([folder], Directory.GetFileSystemEntries(Path.GetDirectoryName(folder)!)); // no download or temporary folder left
    }

    [Fact]
    public void A_fetch_removes_the_download_a_killed_fetch_left()
    {
        using var fake = new FakeLibTorchFeed();
        var parent = Path.Combine(fake.CacheRoot, "libtorch");
        Directory.CreateDirectory(parent);
        var left = Path.Combine(parent, $".{fake.Package.Id}.{fake.Package.Version}.nupkg.{OwnerNames.Of(OwnerNames.DeadPid())}.tmp");
        File.WriteAllText(left, "half a package");

        var folder = Provider(fake, new StringWriter()).Provide(given: null);

        Assert.Equal([folder], Directory.GetFileSystemEntries(parent));
    }

    [Fact]
    public void Later_uses_take_the_cache_without_asking_a_feed()
    {
        using var fake = new FakeLibTorchFeed();
        var first = Provider(fake, new StringWriter()).Provide(given: null);
        Assert.Equal(first, ProviderThatMustNotFetch(fake).Provide(given: null));
    }

    [Fact]
    public void A_download_that_is_not_the_expected_package_is_refused_and_nothing_is_kept()
    {
        using var fake = new FakeLibTorchFeed();
        var other = fake.Package with { Sha512 = Convert.ToBase64String(new byte[64]) };

        var error = Assert.Throws<MedPeftException>(() => Provider(fake, new StringWriter(), other).Provide(given: null));

        Assert.Contains("SHA-512", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(fake.CacheRoot, "libtorch")));
    }

    [Fact]
    public void A_download_of_another_size_is_refused()
    {
        using var fake = new FakeLibTorchFeed();
        var other = fake.Package with { Size = fake.Package.Size + 1 };
        var error = Assert.Throws<MedPeftException>(() => Provider(fake, new StringWriter(), other).Provide(given: null));
        Assert.Contains($"{fake.Package.Size} bytes", error.Message);
    }

    [Fact]
    public void Without_the_package_in_any_feed_one_error_says_what_was_tried_and_how_to_provide_it()
    {
        using var fake = new FakeLibTorchFeed();
        File.Delete(fake.Nupkg);

        var error = Assert.Throws<MedPeftException>(() => Provider(fake, new StringWriter()).Provide(given: null));

        Assert.Contains($"no configured feed gave the NuGet package {fake.Package} ({fake.Feed}: does not have it)", error.Message);
        Assert.Contains($"set {LibTorchProvider.Variable} to the package's .nupkg ({FakeLibTorchFeed.Id}.{FakeLibTorchFeed.Version}.nupkg", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(fake.CacheRoot, "libtorch")));
    }

    [Fact]
    public void A_given_folder_of_libraries_is_used_as_it_is()
    {
        using var fake = new FakeLibTorchFeed();
        using var other = new FakeLibTorchFeed();
        var given = Provider(fake, new StringWriter()).Provide(given: null);

        Assert.Equal(given, ProviderThatMustNotFetch(other).Provide(given));
        Assert.False(other.Cache().IsInstalled);
    }

    [Fact]
    public void A_given_nupkg_is_checked_and_unpacked_into_the_cache_without_a_feed()
    {
        using var fake = new FakeLibTorchFeed();
        var folder = ProviderThatMustNotFetch(fake).Provide(fake.Nupkg);
        Assert.Equal(fake.Cache().Folder, folder);
        AssertLibrariesIn(folder);
    }

    [Fact]
    public void A_given_path_that_is_neither_is_refused_with_what_was_expected()
    {
        using var fake = new FakeLibTorchFeed();
        var error = Assert.Throws<MedPeftException>(() => ProviderThatMustNotFetch(fake).Provide(fake.Feed));
        Assert.StartsWith($"{LibTorchProvider.Variable}={fake.Feed}: expected a folder holding LibTorch", error.Message);
    }
}
