using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace MedPeft.Serving;

/// <summary>The web page's files, embedded in the assembly (wwwroot/): nothing is read from disk or fetched elsewhere.</summary>
internal static class WebPage
{
    static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["style.css"] = "text/css; charset=utf-8",
    };

    public static IResult File(string name)
    {
        if (!Types.TryGetValue(name, out var type)) return Results.NotFound();
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MedPeft.Serving.wwwroot." + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, type);
    }
}
