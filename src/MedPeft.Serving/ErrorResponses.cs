using MedPeft.Peft;
using Microsoft.AspNetCore.Http;

namespace MedPeft.Serving;

/// <summary>Every failure as the JSON <c>{error, detail}</c> with its status (an error nobody expected: 500).</summary>
internal static class ErrorResponses
{
    public sealed record Error(int Status, string Code, string Detail);

    public static Error Of(Exception exception, long maxUpload) => exception switch
    {
        ServingException e => new(e.Status, e.Error, e.Message),
        AdapterMismatchException e => new(409, "other_base_model", e.Message),
        MedPeftException e => new(400, "bad_request", e.Message),
        System.Text.Json.JsonException e => new(400, "bad_request", $"the body is not valid JSON ({e.Message})."),
        BadHttpRequestException { StatusCode: 413 } => new(413, "too_large", ServingException.TooLarge(maxUpload).Message),
        BadHttpRequestException e => new(e.StatusCode, "bad_request", e.Message),
        // The form reader's limits (a multipart section longer than --max-upload).
        InvalidDataException e when e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => new(413, "too_large", ServingException.TooLarge(maxUpload).Message),
        InvalidDataException e => new(400, "bad_request", e.Message),
        _ => new(500, "internal_error", exception.Message),
    };

    public static async Task WriteAsync(HttpContext context, Error error)
    {
        context.Response.StatusCode = error.Status;
        if (error.Status == 503) context.Response.Headers.RetryAfter = "1";
        if (error.Status == 401) context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsJsonAsync(new { error = error.Code, detail = error.Detail });
    }
}
