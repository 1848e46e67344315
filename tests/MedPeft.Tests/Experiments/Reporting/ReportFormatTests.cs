using MedPeft.Experiments.Reporting;

namespace MedPeft.Tests.Experiments.Reporting;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(768L, "768")]
    [InlineData(62_000L, "62k")]
    [InlineData(589_824L, "590k")]
    [InlineData(999_999L, "1M")]
    [InlineData(124_000_000L, "124M")]
    [InlineData(7_241_732_096L, "7.24B")]
    public void CountsAreCompact(long count, string expected) => Assert.Equal(expected, ReportFormat.Count(count));

    [Theory]
    [InlineData(100.0, "100%")]
    [InlineData(61.94, "61.9%")]
    [InlineData(0.47341, "0.473%")]
    [InlineData(0.05, "0.05%")]
    public void PercentagesKeepThreeSignificantDigits(double percent, string expected) => Assert.Equal(expected, ReportFormat.Percent(percent));

    [Theory]
    [InlineData(4L << 30, "4 GiB")]
    [InlineData(1_632_087_573L, "1.52 GiB")]
    [InlineData(812L << 20, "812 MiB")]
    public void BytesUseBinaryUnits(long bytes, string expected) => Assert.Equal(expected, ReportFormat.Bytes(bytes));

    [Theory]
    [InlineData(45.24, "45.2 s")]
    [InlineData(820.5, "13m 41s")]
    [InlineData(3725.0, "1h 02m")]
    public void DurationsReadAsClockTimes(double seconds, string expected) => Assert.Equal(expected, ReportFormat.Duration(seconds));

    [Fact]
    public void MissingValuesAreADash()
    {
        Assert.Equal("–", ReportFormat.Count(null));
        Assert.Equal("–", ReportFormat.Bytes(null));
        Assert.Equal("–", ReportFormat.Duration(null));
    }
}
