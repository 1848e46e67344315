namespace MedPeft.Data.Datasets.Pickle;

/// <summary>
/// The Python objects a <see cref="PickleReader"/> may build beyond plain data, each standing for one
/// allowed import. Every method throws <see cref="InvalidDataException"/> (with what was refused) for
/// anything it does not know, so that nothing outside the allowed set is ever made.
/// </summary>
internal interface IPickleObjects
{
    /// <summary>GLOBAL <paramref name="module"/>.<paramref name="name"/>: a value standing for an allowed import.</summary>
    object Global(string module, string name);

    /// <summary>REDUCE: the result of calling <paramref name="callable"/> (a value from <see cref="Global"/>) with <paramref name="arguments"/>.</summary>
    object? Call(object? callable, object?[] arguments);

    /// <summary>BINPERSID: the object a persistent id stands for (e.g. a storage kept outside the pickle).</summary>
    object? PersistentLoad(object? id);

    /// <summary>BUILD: sets <paramref name="state"/> on <paramref name="target"/>.</summary>
    void Build(object? target, object? state);
}
