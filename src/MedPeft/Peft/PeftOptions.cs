using System.Collections.Immutable;
using System.Text.Json.Serialization;
using MedPeft.Peft.Tuners;

namespace MedPeft.Peft;

/// <summary>
/// The options of the tuners: one record per kind (<c>LoraOptions</c>, <c>PrefixOptions</c>, ...), each
/// holding its defaults until one is given. Files hold them as one flat object of the settings' keys
/// (<see cref="PeftOptionsJson"/>).
/// </summary>
[JsonConverter(typeof(PeftOptionsJson))]
public sealed class PeftOptions
{
    readonly ImmutableDictionary<Type, ITunerOptions> given;

    /// <summary>Every tuner's defaults.</summary>
    public PeftOptions() : this(ImmutableDictionary<Type, ITunerOptions>.Empty) { }

    PeftOptions(ImmutableDictionary<Type, ITunerOptions> given) => this.given = given;

    /// <summary>The record of <typeparamref name="T"/>: the one given, or its defaults.</summary>
    public T Get<T>() where T : ITunerOptions, new() => given.TryGetValue(typeof(T), out var options) ? (T)options : new T();

    /// <summary>The record of an options type: the one given, or its defaults.</summary>
    public ITunerOptions Get(Type optionsType) => given.TryGetValue(optionsType, out var options) ? options : TunerSetting.NewOptions(optionsType);

    /// <summary>These options with <paramref name="options"/> in place of its kind's record.</summary>
    public PeftOptions With(ITunerOptions options) => new(given.SetItem(options.GetType(), options));

    /// <summary>Checks every record given (defaults are valid); returns these options.</summary>
    public PeftOptions Validated()
    {
        foreach (var options in given.Values) options.Validate();
        return this;
    }
}
