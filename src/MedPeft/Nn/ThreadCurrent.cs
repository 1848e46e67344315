namespace MedPeft.Nn;

/// <summary>
/// The <typeparamref name="T"/> that code running on this thread sees until the scope <see cref="Use"/> returns is
/// disposed, then the one before it again: how one forward pass's per-sample values (<see cref="SampleNorms"/>,
/// <see cref="SampleLayers"/>) reach the layers without passing through every module's forward.
/// </summary>
internal static class ThreadCurrent<T> where T : class
{
    [ThreadStatic] static T? value;

    /// <summary>The value in use on this thread; null outside every <see cref="Use"/> scope.</summary>
    public static T? Value => value;

    /// <summary>Makes <paramref name="next"/> the value on this thread until the returned scope is disposed.</summary>
    public static IDisposable Use(T next)
    {
        var previous = value;
        value = next;
        return new Restore(previous);
    }

    sealed class Restore(T? previous) : IDisposable
    {
        public void Dispose() => value = previous;
    }
}
