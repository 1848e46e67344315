using MedPeft.Data.BuiltIn.Real;

namespace MedPeft.Tests.Data.BuiltIn;

/// <summary>
/// A fact that runs only where the Debian packages builtin-real is made from are present: installed, or
/// extracted with <c>dpkg-deb -x</c> into the folder <c>MEDPEFT_REAL_FROM</c> names. Elsewhere (a newcomer's
/// machine has neither) it is reported as skipped with the reason.
/// </summary>
public sealed class RealPackagesFactAttribute : FactAttribute
{
    /// <summary>The root the packages' files are under: <c>MEDPEFT_REAL_FROM</c>, else the file-system root.</summary>
    public static string Root => Environment.GetEnvironmentVariable("MEDPEFT_REAL_FROM") is { Length: > 0 } from ? from : "/";

    public RealPackagesFactAttribute()
    {
        try
        {
            RealSources.Locate(Root);
        }
        catch (MissingRealPackagesException e)
        {
            Skip = $"builtin-real packages not present ({string.Join(", ", e.Packages)}): apt-get install them, or extract them and set MEDPEFT_REAL_FROM";
        }
    }
}
