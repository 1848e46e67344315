using System.CommandLine;
using System.Globalization;
using MedPeft.Nn;
using MedPeft.Peft;

namespace MedPeft.Cli;

/// <summary>The options that choose what trains (<c>--method</c>, <c>--scope</c>) and every method's hyper-parameters.</summary>
internal sealed class PeftCliOptions
{
    readonly Option<string> method;
    readonly Option<string?> scope = new("--scope") { Description = "Components for the methods that name none: vision, projector, text-encoder, decoder (= llm), all; comma-separated." };
    readonly Option<int> loraRank = new("--lora-r") { Description = "LoRA rank.", DefaultValueFactory = _ => 8 };
    readonly Option<double> loraAlpha = new("--lora-alpha") { Description = "LoRA alpha (scaling = alpha / r).", DefaultValueFactory = _ => 32 };
    readonly Option<double> loraDropout = new("--lora-dropout") { Description = "Dropout on LoRA's input.", DefaultValueFactory = _ => 0.1 };
    readonly Option<string> loraTargets = new("--lora-targets") { Description = "Attention projections q,k,v,o and/or ffn.", DefaultValueFactory = _ => "q,v" };
    readonly Option<string> ia3Targets = new("--ia3-targets") { Description = "k,v (output rescaled) and/or ffn (the FFN output's input rescaled).", DefaultValueFactory = _ => "k,v,ffn" };
    readonly Option<string> attnProjections = new("--attn-projections") { Description = "Projections attention tuning trains.", DefaultValueFactory = _ => "q,k,v,o" };
    readonly Option<string> attnKinds = new("--attn-kinds") { Description = "Attention blocks attn/lora/ia3/adapter reach: self, cross or self,cross.", DefaultValueFactory = _ => "self,cross" };
    readonly Option<int> prefixTokens = new("--prefix-tokens") { Description = "Virtual tokens of prefix / P-tuning v2.", DefaultValueFactory = _ => 10 };
    readonly Option<int> prefixHidden = new("--prefix-hidden") { Description = "Hidden width of the prefix reparameterisation MLP.", DefaultValueFactory = _ => 512 };
    readonly Option<int> promptTokens = new("--prompt-tokens") { Description = "Soft prompt tokens.", DefaultValueFactory = _ => 10 };
    readonly Option<int> adapterSize = new("--adapter-size") { Description = "Bottleneck width of the adapters.", DefaultValueFactory = _ => 64 };

    public PeftCliOptions(bool methodRequired, string? defaultMethod = null)
    {
        method = new Option<string>("--method")
        {
            Description = $"What trains: {string.Join(", ", MethodCatalog.Names)}; combine with '+' (ln+attn), give components with '@' (lora@llm+ln@vision, ln@vision:llm). " + MethodCatalog.DefaultScopesHelp,
            Required = methodRequired,
        };
        if (defaultMethod is not null) method.DefaultValueFactory = _ => defaultMethod;
    }

    public Option<string> Method => method;

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { method, scope, loraRank, loraAlpha, loraDropout, loraTargets, ia3Targets, attnProjections, attnKinds, prefixTokens, prefixHidden, promptTokens, adapterSize })
            command.Options.Add(option);
    }

    public bool HasMethod(ParseResult parse) => !string.IsNullOrWhiteSpace(parse.GetValue(method));

    public (PeftPlan Plan, PeftOptions Options) Read(ParseResult parse) => (PeftPlan.Parse(parse.GetValue(method)!, parse.GetValue(scope)), ReadOptions(parse));

    public PeftOptions ReadOptions(ParseResult parse) => new PeftOptions
    {
        LoraRank = parse.GetValue(loraRank), LoraAlpha = parse.GetValue(loraAlpha), LoraDropout = parse.GetValue(loraDropout),
        LoraTargets = List(parse.GetValue(loraTargets)!), Ia3Targets = List(parse.GetValue(ia3Targets)!),
        AttentionProjections = List(parse.GetValue(attnProjections)!), AttentionKinds = Kinds(parse.GetValue(attnKinds)!),
        PrefixTokens = parse.GetValue(prefixTokens), PrefixHidden = parse.GetValue(prefixHidden), PromptTokens = parse.GetValue(promptTokens),
        AdapterSize = parse.GetValue(adapterSize),
    }.Validated();

    static List<string> List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).ToList();

    static List<AttentionKind> Kinds(string text) => List(text).Select(k => k switch
    {
        "self" => AttentionKind.Self,
        "cross" => AttentionKind.Cross,
        _ => throw new MedPeftException($"--attn-kinds: unknown kind '{k}'; expected self, cross or self,cross."),
    }).Distinct().ToList();

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
