using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MedPeft.Models.BuiltIn;
using MedPeft.Nn;
using MedPeft.Planning;
using MedPeft.Training;

namespace MedPeft.Cli;

/// <summary><c>medpeft plan</c>: the predicted peak memory and work of a training run, and whether it fits, before training.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "A model folder, or medpeft-base." };
        var config = new Option<string?>("--config") { Description = $"A built-in model instead: {string.Join(", ", BuiltInConfigs.Names)}." };
        var peft = new PeftCliOptions(methodRequired: false, defaultMethod: "ln");
        var batch = new Option<int>("--batch-size") { Description = "Rows per batch.", DefaultValueFactory = _ => new TrainingOptions().BatchSize }
            .Sets(PlanRequest.Name(nameof(PlanRequest.BatchSize)));
        var task = new Option<string>("--task") { Description = "vqa or report (sets BLIP's answer length).", DefaultValueFactory = _ => "vqa" };
        var textTokens = new Option<int?>("--seq-len")
        {
            Description = $"Text tokens per row: BLIP's question (default 35), LLaVA's or LLaMA's prompt and answer (default {ModelShapes.DefaultTextTokens}), the longest a batch is padded to in training.",
        }.Sets(PlanRequest.Name(nameof(PlanRequest.TextTokens)));
        var answerTokens = new Option<int?>("--answer-len") { Description = "BLIP's answer tokens (default 12, report 100)." }.Sets(PlanRequest.Name(nameof(PlanRequest.AnswerTokens)));
        var imageSize = new Option<int?>("--image-size") { Description = "Image side in pixels (default: the model's)." }.Sets(PlanRequest.Name(nameof(PlanRequest.ImageSize)));
        var precision = PrecisionOption.Create("fp32, or bf16: frozen linear weights in bfloat16; trainable tensors, AdamW state and activations float32 (as train --precision bf16 runs).");
        var checkpointing = new Option<bool>("--grad-checkpointing") { Description = "Recompute each transformer block's activations in the backward pass (keeps only block inputs)." };
        var memory = new MemoryCheck();
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("plan",
            "Predict, before training, the peak memory of a training run and the work of one step: frozen weights, trainable\n" +
            "master weights, gradients, AdamW state, activations kept for the backward pass and the process's workspace; whether it\n" +
            "fits in the device's memory, and if not the cheapest change that makes it fit. The model is built on the meta device\n" +
            "(no weights are read), so parameters are counted exactly; activations are computed from the layers' shapes.\n\n" +
            "Examples:\n  medpeft plan --config blip-base --method full --batch-size 4 --seq-len 20 --answer-len 8\n" +
            "  medpeft plan --model ./llava-med --method ln --batch-size 16 --device-memory 24GiB --json")
        {
            model, config, batch, task, textTokens, answerTokens, imageSize, precision, checkpointing, memory.DeviceMemory, json,
        };
        peft.AddTo(command);
        command.SetAction(parse =>
        {
            var source = BenchMethodsCommand.ModelArgument(parse.GetValue(model), parse.GetValue(config));
            var writer = parse.InvocationConfiguration.Output;
            BaseModelStep.EnsureBuilt(source, writer);
            var (plan, options) = peft.Read(parse);
            var request = new PlanRequest(source, plan.ToString(), null, options, parse.GetValue(batch), DataCliOptions.ParseTask(parse.GetValue(task)!),
                parse.GetValue(textTokens), parse.GetValue(answerTokens), parse.GetValue(imageSize), PrecisionOption.Parse(parse.GetValue(precision)!),
                parse.GetValue(checkpointing));
            var result = MemoryPlanner.Plan(request, memory.Memory(parse));
            var change = result.Fits ? null : MemoryPlanner.CheapestChange(result);
            if (parse.GetValue(json)) writer.WriteLine(ToJson(result, change));
            else Print(result, change, writer);
            return ExitCodes.Success;
        });
        return command;
    }

    static string ToJson(MemoryPlan plan, PlanChange? change)
    {
        var parts = plan.Parts;
        var json = new Dictionary<string, object?>
        {
            ["model"] = plan.Request.Model,
            ["architecture"] = plan.Architecture,
            ["plan"] = plan.AppliedPlan,
            ["batch_size"] = plan.Request.BatchSize,
            ["tokens"] = plan.Tokens,
            ["precision"] = plan.Request.Precision.Name(),
            ["grad_checkpointing"] = plan.Request.GradientCheckpointing,
            ["bf16_products"] = Products(plan),
            ["trainable_parameters"] = plan.TrainableParameters,
            ["total_parameters"] = plan.TotalParameters,
            ["peak_bytes"] = plan.PeakBytes,
            ["parts"] = new Dictionary<string, long>
            {
                ["weights_bytes"] = parts.Weights, ["trainable_bytes"] = parts.Trainable, ["gradients_bytes"] = parts.Gradients,
                ["optimizer_bytes"] = parts.Optimizer, ["activations_bytes"] = parts.Activations, ["workspace_bytes"] = parts.Workspace,
            },
            ["flops_per_step"] = plan.FlopsPerStep,
            ["device_memory_bytes"] = plan.DeviceMemory,
            ["fits"] = plan.Fits,
            ["predicted_not_measured"] = plan.Predicted,
            ["cheapest_change"] = change is null ? null : MemoryCheck.Describe(plan, change),
            ["cheapest_change_peak_bytes"] = change?.Plan.PeakBytes,
        };
        return JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>With bf16, how the plan assumes the products run: "bf16 products" or "widened weights" (float32 products); null for fp32.</summary>
    static string? Products(MemoryPlan plan) =>
        plan.Request.Precision != Precision.Bf16 ? null : plan.WidenedWeights ? "widened weights" : "bf16 products";

    static void Print(MemoryPlan plan, PlanChange? change, TextWriter output)
    {
        var r = plan.Request;
        output.WriteLine($"{r.Model}: {plan.Architecture}, {plan.AppliedPlan}, batch {r.BatchSize}, tokens per row: {plan.Tokens}, {r.Precision.Name()}" +
                         (r.GradientCheckpointing ? ", activations recomputed per block" : ""));
        if (Products(plan) is { } products)
            output.WriteLine($"  products assumed: {products} ({Bf16Products.Reason}, as a run on this processor decides)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  trainable {plan.TrainableParameters:N0} of {plan.TotalParameters:N0} parameters"));
        var p = plan.Parts;
        foreach (var (name, bytes) in new[]
                 {
                     ("weights (frozen)", p.Weights), ("trainable (float32 master)", p.Trainable), ("gradients (float32)", p.Gradients),
                     ("AdamW state (2 x float32)", p.Optimizer), ("activations", p.Activations), ("workspace and runtime", p.Workspace),
                 })
            output.WriteLine($"  {name,-28} {MemorySize.Format(bytes),12}");
        output.WriteLine($"  {"predicted peak",-28} {MemorySize.Format(plan.PeakBytes),12}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  one training step: {plan.FlopsPerStep / 1e9:#,0.###} GFLOP"));
        output.WriteLine(plan.Fits
            ? $"fits in {MemorySize.Format(plan.DeviceMemory)}."
            : $"does not fit in {MemorySize.Format(plan.DeviceMemory)}; " + (change is null
                ? "no single change (recomputation, a smaller batch, bf16, ln or lora) makes it fit."
                : $"the cheapest change that fits: {MemoryCheck.Describe(plan, change)} (predicted peak {MemorySize.Format(change.Plan.PeakBytes)})."));
    }
}
