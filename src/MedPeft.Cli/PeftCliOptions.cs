using System.CommandLine;
using System.Globalization;
using MedPeft.Peft;
using MedPeft.Peft.Tuners;

namespace MedPeft.Cli;

/// <summary>
/// The options that choose what trains (<c>--method</c>, <c>--scope</c>) and one option per setting of the
/// registry's tuners (<c>--lora-r</c> sets <c>LoraOptions.Rank</c>), so a new tuner's settings appear here unasked.
/// </summary>
internal sealed class PeftCliOptions
{
    static readonly TunerRegistry Registry = TunerRegistry.Default;

    readonly Option<string> method;
    readonly Option<string?> scope = new Option<string?>("--scope") { Description = "Components for the methods that name none: vision, projector, text-encoder, decoder (= llm), all; comma-separated." }
        .Sets(PeftPlan.ScopeSetting);
    readonly IReadOnlyList<(TunerSetting Setting, Option<string> Option)> settings = Registry.Settings
        .Select(s => (s, new Option<string>("--" + s.Key) { Description = s.Help, DefaultValueFactory = _ => s.DefaultText }.Sets(s.Name))).ToList();

    public PeftCliOptions(bool methodRequired, string? defaultMethod = null)
    {
        method = new Option<string>("--method")
        {
            Description = $"What trains: {string.Join(", ", Registry.Names)}; combine with '+' (ln+attn), give components with '@' (lora@llm+ln@vision, ln@vision:llm). " +
                          DefaultScopesText.Of(Registry),
            Required = methodRequired,
        }.Sets(PeftPlan.MethodSetting);
        if (defaultMethod is not null) method.DefaultValueFactory = _ => defaultMethod;
    }

    public Option<string> Method => method;

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { method, scope }.Concat(settings.Select(s => s.Option)))
            command.Options.Add(option);
    }

    public bool HasMethod(ParseResult parse) => !string.IsNullOrWhiteSpace(parse.GetValue(method));

    public (PeftPlan Plan, PeftOptions Options) Read(ParseResult parse) => (PeftPlan.Parse(parse.GetValue(method)!, parse.GetValue(scope)), ReadOptions(parse));

    /// <summary>Every tuner's options record, built from its settings' options (their defaults when not given).</summary>
    public PeftOptions ReadOptions(ParseResult parse) => settings
        .Select(s => (s.Setting, Value: (object?)s.Setting.Parse(parse.GetValue(s.Option)!)))
        .GroupBy(v => v.Setting.OptionsType)
        .Aggregate(new PeftOptions(), (options, group) => options.With(TunerSetting.Build(group.Key, group)))
        .Validated();

    /// <summary>The accounting table <c>inspect</c> and <c>train</c> print.</summary>
    public static void PrintAccount(PeftModel peft, PeftAccount account, TextWriter output)
    {
        output.WriteLine($"method {peft.Plan}: " + string.Join("; ", peft.Applied.Select(a => $"{a.Item.Method} on {string.Join(", ", a.Components)}")));
        foreach (var c in account.Components)
            output.WriteLine($"  {c.Name,-13} trainable {c.Trainable,13:N0} of {c.Total,15:N0}  ({c.Percent.ToString("0.####", CultureInfo.InvariantCulture)}%)");
        output.WriteLine($"  {"total",-13} trainable {account.Trainable,13:N0} of {account.Total,15:N0}  ({account.Percent.ToString("0.####", CultureInfo.InvariantCulture)}%)");
        if (account.Inert > 0)
            output.WriteLine($"  ({account.Inert:N0} of the trainable parameters cannot affect the output and get no gradient: {peft.Model.Architecture} does not use them)");
    }
}
