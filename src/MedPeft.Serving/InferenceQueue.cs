using System.Threading.Channels;

namespace MedPeft.Serving;

/// <summary>
/// The bounded queue of answers to compute and the one worker thread that computes them: it takes the first waiting
/// item, waits up to <c>--max-wait-ms</c> for more, up to <c>--max-batch</c>, and hands the batch to a
/// <see cref="BatchRunner"/>. More than <c>--queue</c> items waiting is refused (503) rather than queued.
/// </summary>
internal sealed class InferenceQueue : IDisposable
{
    readonly Channel<WorkItem> channel = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    readonly BatchRunner runner;
    readonly int capacity, maxBatch;
    readonly TimeSpan maxWait;
    readonly Thread worker;
    int waiting;

    public InferenceQueue(BatchRunner runner, int capacity, int maxBatch, TimeSpan maxWait)
    {
        this.runner = runner;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        worker = new Thread(Work) { Name = "medpeft inference", IsBackground = true };
        worker.Start();
    }

    /// <summary>How many times the model has generated so far.</summary>
    public long ForwardPasses => runner.ForwardPasses;

    /// <summary>Items waiting now.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Queues all the items, or none when they would take the queue past its capacity.</summary>
    public void Submit(IReadOnlyList<WorkItem> items)
    {
        if (Interlocked.Add(ref waiting, items.Count) > capacity)
        {
            Interlocked.Add(ref waiting, -items.Count);
            throw ServingException.Overloaded(capacity);
        }
        foreach (var item in items)
            if (!channel.Writer.TryWrite(item)) item.Fail(new ServingException(503, "stopping", "the server is stopping."));
    }

    void Work()
    {
        var reader = channel.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var batch = new List<WorkItem>();
            var deadline = DateTime.UtcNow + maxWait;
            while (batch.Count < maxBatch)
            {
                if (reader.TryRead(out var item)) batch.Add(item);
                else if (!WaitUntil(reader, deadline)) break;
            }
            Interlocked.Add(ref waiting, -batch.Count);
            runner.Run(batch);
        }
    }

    // True when an item arrived before the deadline.
    static bool WaitUntil(ChannelReader<WorkItem> reader, DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        if (left <= TimeSpan.Zero) return false;
        using var timeout = new CancellationTokenSource(left);
        try
        {
            return reader.WaitToReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops taking items and lets the worker finish those queued.</summary>
    public void Dispose()
    {
        channel.Writer.TryComplete();
        worker.Join();
    }
}
