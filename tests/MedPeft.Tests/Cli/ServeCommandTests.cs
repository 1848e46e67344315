using MedPeft.Serving;

namespace MedPeft.Tests.Cli;

/// <summary><c>medpeft serve</c> and <c>serve-bench</c> refuse bad settings before loading anything.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--host", "0.0.0.0", "--token-file")]
    [InlineData("--host", "example.org", "expected an IP address")]
    [InlineData("--adapter", "no-folder", "expected name=folder")]
    [InlineData("--adapter", "base=/", "'base' names the model without adapter")]
    [InlineData("--timeout", "soon", "--timeout 'soon'")]
    [InlineData("--adapter", "a=/", "--adapter 'a' is given 2 times", "--adapter", "a=/tmp")]
    [InlineData("--max-upload", "lots", "--max-upload 'lots'")]
    [InlineData("--max-batch", "0", "--max-batch 0")]
    [InlineData("--token-file", "/no/such/token", "--token-file /no/such/token: no such file")]
    public void BadSettingsAreRefusedByName(string option, string value, string message, params string[] more)
    {
        var result = CliRunner.Run(["serve", "--model", "/no/such/model", option, value, .. more]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void TheBenchmarkNamesAServerItCannotReach()
    {
        var result = CliRunner.Run("serve-bench", "--url", "http://127.0.0.1:9/", "--image", TestData.Path("Images", "Pictures", "gray.png"), "--requests", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--url http://127.0.0.1:9/", result.Error);
    }

    [Theory]
    [InlineData(50, 5)]
    [InlineData(95, 10)]
    [InlineData(99, 10)]
    [InlineData(10, 1)]
    public void PercentilesAreNearestRank(double percent, double expected) =>
        Assert.Equal(expected, LoadBenchmark.Percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], percent));
}
