using System.CommandLine;
using System.Text.Json;
using MedPeft.Benchmarks;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.BuiltIn;
using MedPeft.Nn;
using MedPeft.Peft.Tuners;
using MedPeft.Planning;

namespace MedPeft.Cli;

/// <summary>
/// <c>medpeft bench-methods</c>: what each PEFT method costs on one model — trainable parameters,
/// optimizer state, peak memory, step time — each method in its own process, compared with <c>full</c>
/// and with the performance anchor (HF transformers + PEFT on PyTorch).
/// </summary>
internal static class BenchMethodsCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "An HF checkpoint folder (config.json + safetensors) of a BLIP VQA or LLaMA/Mistral model." };
        var config = new Option<string?>("--config")
        {
            Description = $"A built-in model with seeded random weights instead: {string.Join(", ", BuiltInConfigs.Names)}.",
        };
        var methods = new Option<string?>("--methods")
        {
            Description = "More methods to run after the default ones (with --only: instead of them), comma-separated plans such as ln@vision,bitfit,ia3. " +
                          "Defaults: those the anchor measured — BLIP: full, ln, lora, full@text-encoder:decoder, attn, ffn; LLaMA: full, ln, lora; and LLaVA: full, ln, lora. " +
                          $"Methods: {string.Join(", ", TunerRegistry.Default.Names)}.",
        }.Sets(MethodBenchmark.MethodsSetting);
        var only = new Option<bool>("--only") { Description = "Measure only the methods of --methods, not the default ones first." };
        var steps = new Option<int>("--steps") { Description = "Timed steps per process.", DefaultValueFactory = _ => 8 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before them.", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Processes per method; rounds are interleaved across methods.", DefaultValueFactory = _ => 3 };
        var kernels = new Option<string>("--linear-kernels")
        {
            HelpName = "LIST",
            Description = "Linear-layer kernels to measure every method with, comma-separated: auto (this processor's choice), blas (LibTorch's linear), " +
                          "onednn. Several are measured in one run, rounds interleaved, with a table each and their ratios.",
            DefaultValueFactory = _ => "auto",
        };
        var gradCheckpointing = TrainingCliOptions.GradientCheckpointingOption();
        var precisions = new Option<string>(PrecisionOption.Flag)
        {
            HelpName = "LIST",
            Description = "fp32, bf16 (frozen linear weights in bfloat16; trainable tensors, AdamW state and activations float32), or both, comma-separated: " +
                          "several are measured in one run, rounds interleaved, with a table each and their ratios.",
            DefaultValueFactory = _ => "fp32",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables (one per kernel)." };
        var memory = new MemoryCheck();
        var output = new Option<string?>("--out") { Description = "Also write the JSON object to this file." };
        var command = new Command("bench-methods",
            "Measure what each PEFT method costs on one model and batch: trainable parameters, AdamW state, peak memory (peak RSS of\n" +
            "its process) and the median time of a training step (forward with labels, backward, AdamW step, zero_grad), each\n" +
            "method in its own process, as ratios to full and to the anchor (HF transformers + PEFT on PyTorch, measured on a processor\n" +
            "of the same kind: with AVX-512, or AVX2 only). It prints the processor's instruction sets and the linear-layer kernel.\n" +
            "Batches: BLIP 4 images with 20-token questions and 8-token answers; LLaMA 2 x 256 tokens; LLaVA (no anchor) 2 images\n" +
            "with 64 text tokens (one at 336 pixels). A method whose memory plan does not fit the memory (--device-memory, default this\n" +
            "machine's) is refused, not run: its row shows the predicted peak (--force runs it). A benchmark, not a test:\n" +
            "run it on an otherwise idle machine.\n\n" +
            "Example:\n  medpeft bench-methods --config llama-small --steps 2 --warmup 1 --rounds 1")
        {
            model, config, methods, only, steps, warmup, rounds, kernels, gradCheckpointing, precisions, json, output,
        };
        memory.AddTo(command);
        command.Subcommands.Add(BenchStepCommand.Create());
        command.SetAction(parse =>
        {
            var source = ModelArgument(parse.GetValue(model), parse.GetValue(config));
            int stepCount = AtLeast("--steps", parse.GetValue(steps), 1), warmupCount = AtLeast("--warmup", parse.GetValue(warmup), 0);
            int roundCount = AtLeast("--rounds", parse.GetValue(rounds), 1);
            var methodList = (parse.GetValue(methods) ?? "").Split(',');
            bool checkpointing = parse.GetValue(gradCheckpointing);
            // Every kernel with every precision: a method's settings run back to back, so that a slow spell of a shared machine falls on all alike.
            var settings = KernelSettings(parse.GetValue(kernels)!)
                .SelectMany(kernel => PrecisionSettings(parse.GetValue(precisions)!).Select(precision => (Kernel: kernel, Precision: precision))).ToList();
            var (architecture, parameters, plans, requests) = Describe(source, methodList, parse.GetValue(only), settings.Select(s => s.Precision).Distinct(), checkpointing);
            MethodBenchmark.Check(source, plans);

            var progress = parse.InvocationConfiguration.Error;
            var items = plans.SelectMany(plan => settings.Select(setting => (Plan: plan, Setting: setting))).ToList();
            // Every method's plan for its batch, printed beside its measured peak; a method whose plan does not fit is refused
            // before its process starts, by the rule train and compare refuse a run by.
            var memoryPlans = items.ToDictionary(item => item, item => memory.Plan(parse, requests[(item.Plan, item.Setting.Precision)]));
            var refusals = items.ToDictionary(item => item, item => memory.Refusal(parse, memoryPlans[item]));
            var runnable = items.Where(item => refusals[item] is null).ToList();
            foreach (var (item, refusal) in refusals.Where(r => r.Value is not null))
                progress.WriteLine($"{item.Plan}{(settings.Count > 1 ? $" [{item.Setting.Kernel}, {item.Setting.Precision.Name()}]" : "")} refused: {refusal!.Message}");
            var summaries = MethodBenchmark.Run(runnable, roundCount, item => MeasureInChild(source, item.Plan, item.Setting.Kernel, item.Setting.Precision, warmupCount, stepCount, checkpointing),
                (round, run) => progress.WriteLine($"round {round}/{roundCount} {run.Method}{(settings.Count > 1 ? $" [{run.LinearKernel}, {run.Precision.Name()}]" : "")}: " +
                                                   $"median step {Spread.Of(run.Steps.Select(s => s.Total).ToList()).Median:0.00} s"));
            var measured = runnable.Zip(summaries).ToDictionary(pair => pair.First, pair => pair.Second with { PlannedPeakBytes = memoryPlans[pair.First].PeakBytes });
            var cpu = CpuDescription.Current;
            var anchor = AnchorResults.ForProcessor(architecture, LinearKernelChoice.OneDnnRunsAvx512(cpu, Environment.GetEnvironmentVariable)) is { } table
                         && table.Describes(parameters) ? table : null;
            var reports = settings.Select(setting =>
            {
                var mine = items.Where(item => item.Setting == setting).ToList();
                var refused = mine.Where(item => refusals[item] is not null).Select(item => Refused(item.Plan, refusals[item]!)).ToList();
                return new BenchReport(ModelName(source), architecture, parameters, warmupCount, stepCount, roundCount,
                    mine.Where(measured.ContainsKey).Select(item => measured[item]).ToList(), anchor, cpu.ToString(), LinearKernelChoice.DescribeSetting(setting.Kernel),
                    checkpointing, setting.Precision, refused);
            }).ToList();

            var writer = parse.InvocationConfiguration.Output;
            var text = new StringWriter();
            BenchReportOutput.WriteJson(text, reports);
            if (parse.GetValue(json)) writer.Write(text.ToString());
            else BenchReportOutput.WriteTables(writer, reports);
            if (parse.GetValue(output) is { } path) AtomicFile.WriteAllText(path, text.ToString());
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The --model folder (or medpeft-base, the built-in base model) or the --config name (exactly one of them), as
    /// <see cref="ModelSource"/> takes it.
    /// </summary>
    internal static string ModelArgument(string? folder, string? builtIn)
    {
        if ((folder is null) == (builtIn is null)) throw new MedPeftException("give either --model <dir> or --config <name>.");
        if (folder is not null)
            return Directory.Exists(folder) || folder == BaseModel.Name ? folder
                : throw new MedPeftException($"--model '{folder}': no such folder (for a built-in model use --config).");
        return BuiltInConfigs.Names.Contains(builtIn!)
            ? builtIn!
            : throw new MedPeftException($"--config '{builtIn}': not a built-in model; expected one of {string.Join(", ", BuiltInConfigs.Names)}.");
    }

    static string ModelName(string source) => Directory.Exists(source) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(source))) : source;

    static int AtLeast(string option, int value, int minimum) =>
        value >= minimum ? value : throw new MedPeftException($"{option} must be at least {minimum} (got {value}).");

    /// <summary>
    /// The model's class and parameter count, the methods to measure, and each method's memory-plan request per precision, from one
    /// structure of the model (no weights read).
    /// </summary>
    static (string Architecture, long Parameters, IReadOnlyList<string> Methods, Dictionary<(string, Precision), PlanRequest> Requests) Describe(
        string source, IEnumerable<string> named, bool only, IEnumerable<Precision> precisions, bool checkpointing)
    {
        return ModelStructure.Inspect(source, structure =>
        {
            var methods = MethodBenchmark.Methods(structure.Architecture, named, only);
            var requests = methods.SelectMany(method => precisions.Select(precision => (method, precision)))
                .ToDictionary(key => key, key => BenchBatch.PlanOf(structure, source, key.method, key.precision, checkpointing));
            return (structure.Architecture, structure.Module.parameters().Sum(p => p.numel()), methods, requests);
        });
    }

    static RefusedMethod Refused(string method, MemoryRefusal refusal)
    {
        var plan = refusal.Plan;
        return new RefusedMethod(method, plan.AppliedPlan, $"batch {plan.Request.BatchSize}, tokens per row: {plan.Tokens}", plan.PeakBytes, plan.DeviceMemory, refusal.Message);
    }

    /// <summary>The --linear-kernels list: auto, blas and onednn, each at most once.</summary>
    static IReadOnlyList<string> KernelSettings(string list)
    {
        string[] known = ["auto", "blas", "onednn"];
        var settings = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToList();
        if (settings.Count == 0 || settings.Any(s => !known.Contains(s)) || settings.Distinct().Count() != settings.Count)
            throw new MedPeftException($"--linear-kernels '{list}': expected a comma-separated list of {string.Join(", ", known)}, each at most once.");
        return settings;
    }

    /// <summary>The --precision list: fp32 and bf16, each at most once.</summary>
    static IReadOnlyList<Precision> PrecisionSettings(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var settings = names.Select(name => name.ToLowerInvariant() is "fp32" or "bf16" ? PrecisionOption.Parse(name) : (Precision?)null).ToList();
        if (settings.Count == 0 || settings.Any(s => s is null) || settings.Distinct().Count() != settings.Count)
            throw new MedPeftException($"{PrecisionOption.Flag} '{list}': expected a comma-separated list of fp32, bf16, each at most once.");
        return settings.Select(s => s!.Value).ToList();
    }

    /// <summary>
    /// Runs <c>bench-methods step</c> in a new process, its linear layers on <paramref name="kernel"/>, its weights stored as
    /// <paramref name="precision"/> says, and reads the <see cref="MethodRun"/> it prints.
    /// </summary>
    static MethodRun MeasureInChild(string source, string method, string kernel, Precision precision, int warmup, int steps, bool gradientCheckpointing)
    {
        string[] arguments =
        [
            "bench-methods", BenchStepCommand.Name, "--model", source, "--method", method, PrecisionOption.Flag, precision.Name(),
            "--warmup", warmup.ToString(), "--steps", steps.ToString(), .. gradientCheckpointing ? [TrainingCliOptions.GradientCheckpointingFlag] : Array.Empty<string>(),
        ];
        var result = ToolProcess.Capture(arguments, new Dictionary<string, string> { [LinearKernelChoice.Variable] = kernel });
        var message = result.Error.Trim();
        if (result.ExitCode == ExitCodes.BadInput) throw new MedPeftException(message.StartsWith("error: ") ? message["error: ".Length..] : message);
        if (result.ExitCode != ExitCodes.Success)
            throw new InvalidOperationException($"the benchmark process for '{method}' failed with exit code {result.ExitCode}: {message}");
        var line = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"the benchmark process for '{method}' printed no result.");
        var run = JsonSerializer.Deserialize<MethodRun>(line, BenchStepCommand.Json)!;
        if (run.Precision != precision) throw new InvalidOperationException($"the benchmark process for '{method}' ran in {run.Precision.Name()}, not as asked.");
        return run.GradientCheckpointing == gradientCheckpointing ? run
            : throw new InvalidOperationException($"the benchmark process for '{method}' ran with gradient checkpointing {(run.GradientCheckpointing ? "on" : "off")}, not as asked.");
    }
}
