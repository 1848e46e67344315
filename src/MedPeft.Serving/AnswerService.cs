using MedPeft.Data.Datasets;
using MedPeft.Tasks;

namespace MedPeft.Serving;

/// <summary>
/// Turns requests into queued work and waits for the answers: the image is decoded and preprocessed on the request's
/// thread (a bad one fails there, with 400), each named adapter gets one item, and the request waits at most
/// <c>--timeout</c> (504 after; its items are then skipped).
/// </summary>
internal sealed class AnswerService(InferenceEngine engine, AdapterRegistry adapters, InferenceQueue queue, TimeSpan timeout)
{
    /// <summary>One item per adapter of the request (their pixels are the same tensor's views).</summary>
    public IReadOnlyList<WorkItem> Prepare(AnswerRequest request, DatasetTask task)
    {
        var resolved = request.Adapters.Select(name => name is null ? null : adapters.Get(name)).ToList();
        using var pixels = Pixels(request, task);
        var defaults = engine.DefaultGeneration(task);
        var settings = new GenerationSettings(request.NumBeams ?? defaults.NumBeams, request.MaxNewTokens ?? defaults.MaxNewTokens);
        var question = task == DatasetTask.Report ? null : request.Question;
        return resolved.Select(adapter => new WorkItem(task, adapter, question, pixels.alias(), settings)).ToList();
    }

    /// <summary>The image as the model takes it: decoded, then the family's preprocessing.</summary>
    public TorchSharp.torch.Tensor Pixels(AnswerRequest request, DatasetTask task)
    {
        var image = UploadedImage.Decode(request.Image, request.ImageName, request.ImageOptions);
        try
        {
            return engine.Images(task).Process(image);
        }
        catch (MedPeftException e)
        {
            throw ServingException.BadImage($"{request.ImageName}: {e.Message}");
        }
    }

    /// <summary>Queues the items (all or none: 503 when the queue is full) and waits for their answers.</summary>
    public void Submit(IReadOnlyList<WorkItem> items)
    {
        try
        {
            queue.Submit(items);
        }
        catch
        {
            foreach (var item in items) item.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<Answer>> WaitAsync(IReadOnlyList<WorkItem> items, DateTime deadline, CancellationToken aborted)
    {
        try
        {
            var left = deadline - DateTime.UtcNow;
            return await Task.WhenAll(items.Select(item => item.Answer)).WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, aborted);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            foreach (var item in items) item.Abandoned = true;
            if (e is TimeoutException) throw ServingException.TimedOut(timeout);
            throw;
        }
    }

    public async Task<IReadOnlyList<Answer>> AnswerAsync(AnswerRequest request, DatasetTask task, CancellationToken aborted)
    {
        var deadline = DateTime.UtcNow + timeout;
        var items = Prepare(request, task);
        Submit(items);
        return await WaitAsync(items, deadline, aborted);
    }

    /// <summary>The deadline of a request that arrives now.</summary>
    public DateTime Deadline => DateTime.UtcNow + timeout;
}
