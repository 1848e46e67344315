using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MedPeft.Serving;

/// <summary>One JSON line per request: time, method, path, status, duration, body size, client address.</summary>
internal sealed class AccessLog(TextWriter output)
{
    readonly object gate = new();

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next();
        }
        finally
        {
            var line = JsonSerializer.Serialize(new
            {
                time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
                method = context.Request.Method,
                path = context.Request.Path.Value,
                status = context.Response.StatusCode,
                ms = Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds, 1),
                bytes_in = context.Request.ContentLength,
                remote = context.Connection.RemoteIpAddress?.ToString(),
            });
            lock (gate) output.WriteLine(line);
        }
    }
}
