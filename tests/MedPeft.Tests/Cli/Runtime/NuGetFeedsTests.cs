using MedPeft.Cli.Runtime;

namespace MedPeft.Tests.Cli.Runtime;

public class NuGetFeedsTests
{
    [Fact]
    public async Task Downloads_the_package_from_a_configured_local_feed()
    {
        using var fake = new FakeLibTorchFeed();
        var feeds = fake.Feeds();
        using var destination = new MemoryStream();

        var source = await feeds.DownloadAsync(FakeLibTorchFeed.Id, FakeLibTorchFeed.Version, destination);

        Assert.Equal(fake.Feed, source.Source);
        Assert.Equal(fake.Bytes, destination.ToArray());
    }

    [Fact]
    public void Reads_only_the_sources_the_configuration_enables()
    {
        using var fake = new FakeLibTorchFeed();
        Assert.Equal([fake.Feed], fake.Feeds().Sources.Select(s => s.Source));
    }

    [Fact]
    public async Task A_feed_without_the_package_is_named_in_the_failure()
    {
        using var fake = new FakeLibTorchFeed();
        var failure = await Assert.ThrowsAsync<PackageNotFetchedException>(() =>
            fake.Feeds().DownloadAsync("no-such-package", "1.0.0", new MemoryStream()));
        Assert.Equal([$"{fake.Feed}: does not have it"], failure.Answers);
    }

    [Fact]
    public async Task An_unreachable_feed_is_named_with_the_reason()
    {
        using var fake = new FakeLibTorchFeed();
        const string unreachable = "http://127.0.0.1:9/v3/index.json"; // the discard port: nothing listens
        var failure = await Assert.ThrowsAsync<PackageNotFetchedException>(() =>
            fake.FeedsAt(unreachable).DownloadAsync(FakeLibTorchFeed.Id, FakeLibTorchFeed.Version, new MemoryStream()));
        var answer = Assert.Single(failure.Answers);
        Assert.StartsWith($"{unreachable}: ", answer);
        Assert.Contains("refused", answer, StringComparison.OrdinalIgnoreCase);
    }
}
