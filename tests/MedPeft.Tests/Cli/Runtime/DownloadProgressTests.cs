using MedPeft.Cli.Runtime;

namespace MedPeft.Tests.Cli.Runtime;

public class DownloadProgressTests
{
    [Fact]
    public void Redirected_it_writes_a_line_at_the_start_and_at_each_tenth_and_passes_the_bytes_through()
    {
        var log = new StringWriter();
        using var inner = new MemoryStream();
        var progress = new DownloadProgress(inner, total: 1000, "pkg 1.0", log, interactive: false);

        for (int i = 0; i < 100; i++) progress.Write(new byte[10]);

        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["(1%)", .. Enumerable.Range(1, 10).Select(t => $"({t * 10}%)")], lines.Select(l => l[l.LastIndexOf('(')..]));
        Assert.Equal("fetching pkg 1.0: 0.0 of 0.0 MB (100%)", lines[^1]);
        Assert.Equal(1000, inner.Length);
    }

    [Fact]
    public void Starting_again_counts_again()
    {
        var log = new StringWriter();
        using var inner = new MemoryStream();
        var progress = new DownloadProgress(inner, total: 100, "pkg 1.0", log, interactive: false);
        progress.Write(new byte[60]);
        progress.SetLength(0);
        progress.Write(new byte[100]);
        Assert.Equal(100, inner.Length);
        Assert.EndsWith("(60%)", log.ToString().Split(Environment.NewLine)[0]);
        Assert.EndsWith("(100%)", log.ToString().Split(Environment.NewLine)[1]);
    }

    [Fact]
    public void On_a_terminal_it_redraws_one_line_and_ends_it()
    {
        var log = new StringWriter();
        var progress = new DownloadProgress(new MemoryStream(), total: 100, "pkg 1.0", log, interactive: true);
        progress.Write(new byte[50]);
        progress.Write(new byte[50]);
        progress.Finish();
        Assert.Equal("\rfetching pkg 1.0: 0.0 of 0.0 MB (50%)   \rfetching pkg 1.0: 0.0 of 0.0 MB (100%)   " + Environment.NewLine, log.ToString());
    }
}
