using static TorchSharp.torch;

namespace MedPeft.Serving;

/// <summary>
/// Computes a batch of items: those with the same task and generation settings go through the model in one forward pass
/// when they have the same adapter, or when each has the base model or an adapter that changes norms only (each sample
/// then normalizes with its own adapter's norms). A group that fails is answered item by item, so a failing request
/// never takes others with it.
/// </summary>
internal sealed class BatchRunner(InferenceEngine engine, bool mixed = true)
{
    // The group of the base model and the adapters that change norms only: they share a forward pass.
    static readonly object SharedPass = new();
    long passes;

    /// <summary>How many times the model has generated (each time for one group of items).</summary>
    public long ForwardPasses => Interlocked.Read(ref passes);

    public void Run(IReadOnlyList<WorkItem> batch)
    {
        try
        {
            var live = new List<WorkItem>();
            foreach (var item in batch)
            {
                if (item.Abandoned) item.Fail(new OperationCanceledException("nobody waits for this answer any more."));
                else if (item.Adapter is { Removed: true } gone) item.Fail(ServingException.UnknownAdapter(gone.Name));
                else live.Add(item);
            }
            foreach (var group in live.GroupBy(item => (item.Task, item.Settings, Pass: mixed && item.Adapter is null or { Mixable: true } ? SharedPass : item.Adapter)))
                RunGroup(group.ToList());
        }
        finally
        {
            foreach (var item in batch) item.Dispose();
        }
    }

    void RunGroup(List<WorkItem> items)
    {
        try
        {
            using var pixels = stack(items.Select(item => item.Pixels).ToArray());
            var first = items[0];
            Interlocked.Increment(ref passes);
            var texts = engine.Generate(items.Select(item => item.Adapter).ToList(), first.Task, items.Select(item => item.Question).ToList(), pixels, first.Settings);
            for (int i = 0; i < items.Count; i++) items[i].Complete(texts[i]);
        }
        catch (Exception) when (items.Count > 1)
        {
            foreach (var item in items) RunGroup([item]);
        }
        catch (Exception error)
        {
            items[0].Fail(error);
        }
    }
}
