using System.Diagnostics;
using MedPeft.Data.Datasets;
using MedPeft.Tasks;
using static TorchSharp.torch;

namespace MedPeft.Serving;

/// <summary>One answer to compute: a question on an image, with an adapter (null: the base model).</summary>
internal sealed class WorkItem(DatasetTask task, ServedAdapter? adapter, string? question, Tensor pixels, GenerationSettings settings) : IDisposable
{
    readonly TaskCompletionSource<Answer> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly long created = Stopwatch.GetTimestamp();

    public DatasetTask Task { get; } = task;
    public ServedAdapter? Adapter { get; } = adapter;
    public string? Question { get; } = question;
    /// <summary>The image's pixel values [3, H, W]; the item owns them.</summary>
    public Tensor Pixels { get; } = pixels;
    public GenerationSettings Settings { get; } = settings;
    /// <summary>The answer, or the exception that stopped it.</summary>
    public Task<Answer> Answer => completion.Task;
    /// <summary>Set when nobody waits for the answer any more (timed out, or the client went away): the worker skips it.</summary>
    public bool Abandoned { get; set; }

    public void Complete(GeneratedText text) =>
        completion.TrySetResult(new Answer(Adapter?.Name, text.Text, text.Tokens, Math.Round(Stopwatch.GetElapsedTime(created).TotalMilliseconds, 1)));

    public void Fail(Exception error) => completion.TrySetException(error);

    public void Dispose() => Pixels.Dispose();
}

/// <summary>One answer as the API returns it; <see cref="LatencyMs"/> runs from the request's arrival in the queue to the answer.</summary>
internal sealed record Answer(string? Adapter, string Text, int Tokens, double LatencyMs);
