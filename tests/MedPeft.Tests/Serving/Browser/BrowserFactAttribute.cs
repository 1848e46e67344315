namespace MedPeft.Tests.Serving.Browser;

/// <summary>
/// A fact that drives Debian's headless Chromium through its WebDriver (<c>apt-get install chromium chromium-driver</c>,
/// as <c>.ci/run</c> does); where either is absent it is reported as skipped with the reason.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    public BrowserFactAttribute()
    {
        var missing = new[] { Chromium, ChromeDriver }.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0) Skip = $"{string.Join(" and ", missing)} not installed: apt-get install chromium chromium-driver (.ci/run does)";
    }
}
