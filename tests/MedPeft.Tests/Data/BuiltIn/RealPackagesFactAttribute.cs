using MedPeft.Data.BuiltIn.Real;

namespace MedPeft.Tests.Data.BuiltIn;

/// <summary>A fact that runs only where the Debian packages builtin-real is made from are installed; elsewhere it is reported as skipped with the reason.</summary>
public sealed class RealPackagesFactAttribute : FactAttribute
{
    public RealPackagesFactAttribute()
    {
        try
        {
            RealSources.Locate(null);
        }
        catch (MissingRealPackagesException e)
        {
            Skip = $"builtin-real packages not installed ({string.Join(", ", e.Packages)}): run apt-get install {string.Join(" ", e.Packages)}";
        }
    }
}
