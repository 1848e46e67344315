using System.CommandLine;
using System.Globalization;
using MedPeft.Data.Datasets;
using MedPeft.IO;
using MedPeft.Planning;
using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Cli;

/// <summary><c>medpeft train</c>: fine-tunes a model on a dataset with a PEFT plan; <c>--resume</c> continues a run.</summary>
internal static class TrainCommand
{
    /// <summary>
    /// The arguments of a <c>train</c> that runs the description in <paramref name="runDirectory"/>'s run.json there, or
    /// with <paramref name="resume"/> continues that run.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string runDirectory, bool resume) =>
        resume ? ["train", "--resume", "--out", runDirectory] : ["train", "--spec", Path.Combine(runDirectory, RunSpec.FileName), "--out", runDirectory];

    /// <summary>
    /// <see cref="Arguments"/> for a run whose memory plan the caller has checked already (<c>compare</c> checks
    /// every method before the first one trains), so the child does not refuse it again.
    /// </summary>
    public static IReadOnlyList<string> CheckedArguments(string runDirectory, bool resume) => [.. Arguments(runDirectory, resume), "--force"];

    public static Command Create()
    {
        var data = new DataCliOptions();
        var peft = new PeftCliOptions(methodRequired: false, defaultMethod: "ln");
        var training = new TrainingCliOptions();
        var output = new Option<string>("--out") { Description = "The run folder (run.json, metrics.jsonl, checkpoints/last, checkpoints/best, summary.json).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint (its run.json decides every other setting)." };
        var specFile = new Option<string?>("--spec") { Description = "A run description (a run.json, as every run folder keeps) that decides every setting but --out." };
        var memory = new MemoryCheck();
        data.Model.Required = data.Data.Required = data.Format.Required = false;
        var command = new Command("train",
            "Fine-tune a Med-VLM on a VQA or report dataset with a PEFT method. Defaults follow the study: AdamW,\n" +
            "weight decay 0.05, cosine decay to 0, lr 2e-5, batch 16, 130 epochs, seed 42; they are printed at start.\n" +
            "A run killed at any point continues with --resume and ends with the same weights. SIGTERM or Ctrl+C stops it after\n" +
            "the current optimizer step with a checkpoint (exit code 143 or 130; a second signal stops it at once).\n\n" +
            "Example:\n  medpeft train --model ./blip-vqa --data ./SLAKE --format slake --task vqa --method ln --out runs/slake-ln")
        {
            output, resume, specFile,
        };
        data.AddTo(command);
        peft.AddTo(command);
        training.AddTo(command);
        memory.AddTo(command);
        command.SetAction(parse =>
        {
            var runDirectory = parse.GetValue(output)!;
            bool resuming = parse.GetValue(resume);
            if (resuming && parse.GetValue(specFile) is not null) throw new MedPeftException("--resume continues the run in --out as its run.json says; it takes no --spec.");
            var spec = resuming ? RunSpec.Load(runDirectory) : NewRun(parse);
            if (!resuming && !IsEmptyBut(runDirectory, parse.GetValue(specFile)))
                throw new MedPeftException($"{runDirectory}: the run folder exists and is not empty; use --resume to continue it, or choose another --out.");
            var writer = parse.InvocationConfiguration.Output;
            BaseModelStep.EnsureBuilt(spec.Model, writer);
            memory.Require(parse, [new PlanRequest(spec.Model, spec.Method, spec.Scope, spec.Peft, spec.Training.BatchSize, spec.Task,
                Precision: spec.Training.Precision, GradientCheckpointing: spec.Training.GradientCheckpointing)]);
            var summary = RunResumably(spec, runDirectory, resuming, writer);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"done: {summary.Steps} steps, {summary.MeanStepSeconds:0.000} s/step, {summary.SamplesPerSecond:0.0} samples/s, peak memory {(summary.PeakMemoryBytes ?? 0) / 1048576.0:0} MiB, wall {summary.WallSeconds:0.0} s"));
            if (summary.BestStep is long best) writer.WriteLine($"best {summary.Metric} {summary.BestMetric:0.####} at step {best}: {Path.Combine(runDirectory, "checkpoints", CheckpointStore.Best)}");
            return ExitCodes.Success;
        });
        return command;

        // A run stopped by a signal or a full disk keeps its last checkpoint: the message says how to continue it.
        static TrainingSummary RunResumably(RunSpec spec, string runDirectory, bool resuming, TextWriter writer)
        {
            var resume = $"continue it with: medpeft train --resume --out {runDirectory}";
            try
            {
                return TrainingRun.Run(spec, runDirectory, resuming, writer, StopSignals.Stoppable());
            }
            catch (DiskFullException e)
            {
                throw new MedPeftException($"{e.Message} Free some space, then {resume}", e);
            }
            catch (OperationCanceledException e)
            {
                throw new OperationCanceledException($"{e.Message}; {resume}", e, e.CancellationToken);
            }
        }

        // A new run goes into a missing or empty folder; the folder may already hold the run's own description.
        static bool IsEmptyBut(string runDirectory, string? specFile) =>
            !Directory.Exists(runDirectory) || Directory.EnumerateFileSystemEntries(runDirectory)
                .All(entry => specFile is not null && Path.GetFullPath(entry) == Path.GetFullPath(specFile));

        // The run a --spec file describes, or the one the options describe.
        RunSpec NewRun(ParseResult parse)
        {
            if (parse.GetValue(specFile) is string path) return RunSpec.Read(path);
            foreach (var required in new[] { data.Model, data.Data, data.Format })
                if (parse.GetValue(required) is null) throw new MedPeftException($"{required.Name} is required (unless --spec describes the run or --resume continues one).");
            var (plan, peftOptions) = peft.Read(parse);
            return new RunSpec(parse.GetValue(data.Model)!, parse.GetValue(data.Data)!, parse.GetValue(data.Format)!, DataCliOptions.ParseTask(parse.GetValue(data.Task)!),
                plan.ToString(), null, peftOptions, training.Read(parse), parse.GetValue(data.Template), parse.GetValue(data.QuestionLanguage)!, parse.GetValue(data.Device)!);
        }
    }
}
