namespace MedPeft.Serving;

/// <summary>A request that cannot be answered: the HTTP status, a short error code and what is wrong.</summary>
internal sealed class ServingException(int status, string error, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Error { get; } = error;

    public static ServingException BadRequest(string detail) => new(400, "bad_request", detail);
    public static ServingException BadImage(string detail) => new(400, "unreadable_image", detail);
    public static ServingException UnknownAdapter(string name) => new(404, "unknown_adapter", $"no adapter '{name}' is loaded (GET /v1/adapters lists them).");
    public static ServingException TooLarge(long limit) => new(413, "too_large", $"the request body is larger than the limit of {limit} bytes (--max-upload).");
    public static ServingException Overloaded(int queue) => new(503, "overloaded", $"{queue} answers are already waiting (--queue); try again shortly.");
    public static ServingException TimedOut(TimeSpan timeout) => new(504, "timeout", $"no answer within {timeout.TotalSeconds:0.###} s (--timeout).");
}
