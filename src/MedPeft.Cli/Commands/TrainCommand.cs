using System.CommandLine;
using System.Globalization;
using MedPeft.Data.Datasets;
using MedPeft.Peft;
using MedPeft.Training;

namespace MedPeft.Cli;

/// <summary><c>medpeft train</c>: fine-tunes a model on a dataset with a PEFT plan; <c>--resume</c> continues a run.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new DataCliOptions();
        var peft = new PeftCliOptions(methodRequired: false, defaultMethod: "ln");
        var training = new TrainingCliOptions();
        var output = new Option<string>("--out") { Description = "The run folder (run.json, metrics.jsonl, checkpoints/last, checkpoints/best, summary.json).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint (its run.json decides every other setting)." };
        data.Model.Required = data.Data.Required = data.Format.Required = false;
        var command = new Command("train",
            "Fine-tune a Med-VLM on a VQA or report dataset with a PEFT method. Defaults follow the study: AdamW,\n" +
            "weight decay 0.05, cosine decay to 0, lr 2e-5, batch 16, 130 epochs, seed 42; they are printed at start.\n" +
            "A run killed at any point continues with --resume and ends with the same weights.\n\n" +
            "Example:\n  medpeft train --model ./blip-vqa --data ./SLAKE --format slake --task vqa --method ln --out runs/slake-ln")
        {
            output, resume,
        };
        data.AddTo(command);
        peft.AddTo(command);
        training.AddTo(command);
        command.SetAction(parse =>
        {
            var runDirectory = parse.GetValue(output)!;
            RunSpec spec;
            if (parse.GetValue(resume)) spec = RunSpec.Load(runDirectory);
            else
            {
                foreach (var required in new[] { data.Model, data.Data, data.Format })
                    if (parse.GetValue(required) is null) throw new MedPeftException($"{required.Name} is required (unless --resume continues a run).");
                if (Directory.Exists(runDirectory) && Directory.EnumerateFileSystemEntries(runDirectory).Any())
                    throw new MedPeftException($"{runDirectory}: the run folder exists and is not empty; use --resume to continue it, or choose another --out.");
                var (plan, peftOptions) = peft.Read(parse);
                spec = new RunSpec(parse.GetValue(data.Model)!, parse.GetValue(data.Data)!, parse.GetValue(data.Format)!, DataCliOptions.ParseTask(parse.GetValue(data.Task)!),
                    plan.ToString(), null, peftOptions, training.Read(parse), parse.GetValue(data.Template), parse.GetValue(data.QuestionLanguage)!, parse.GetValue(data.Device)!);
                Directory.CreateDirectory(runDirectory);
                spec.Save(runDirectory);
            }
            var writer = parse.InvocationConfiguration.Output;
            var summary = new Trainer(spec, runDirectory, writer).Run(parse.GetValue(resume));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"done: {summary.Steps} steps, {summary.MeanStepSeconds:0.000} s/step, {summary.SamplesPerSecond:0.0} samples/s, peak memory {(summary.PeakMemoryBytes ?? 0) / 1048576.0:0} MiB, wall {summary.WallSeconds:0.0} s"));
            if (summary.BestStep is long best) writer.WriteLine($"best {summary.Metric} {summary.BestMetric:0.####} at step {best}: {Path.Combine(runDirectory, "checkpoints", CheckpointStore.Best)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
