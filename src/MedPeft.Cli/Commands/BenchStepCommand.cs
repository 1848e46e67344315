using System.CommandLine;
using System.Text.Json;
using MedPeft.Benchmarks;
using MedPeft.Training;

namespace MedPeft.Cli;

/// <summary>
/// <c>medpeft bench-methods step</c> (hidden): measures one method in this process and prints a
/// <see cref="MethodRun"/> as one JSON line. <c>bench-methods</c> runs it once per method and round.
/// </summary>
internal static class BenchStepCommand
{
    public const string Name = "step";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Required = true };
        var method = new Option<string>("--method") { Required = true };
        var warmup = new Option<int>("--warmup") { Required = true };
        var steps = new Option<int>("--steps") { Required = true };
        var gradCheckpointing = TrainingCliOptions.GradientCheckpointingOption();
        var precision = PrecisionOption.Create();
        var command = new Command(Name, "Time one method's training steps in this process (used by bench-methods).") { model, method, warmup, steps, gradCheckpointing, precision };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var run = MethodRun.Measure(parse.GetValue(model)!, parse.GetValue(method)!, parse.GetValue(warmup), parse.GetValue(steps), parse.GetValue(gradCheckpointing),
                PrecisionOption.Parse(parse.GetValue(precision)!));
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(run, Json));
            return ExitCodes.Success;
        });
        return command;
    }
}
