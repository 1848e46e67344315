using System.CommandLine;
using System.Globalization;
using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.BuiltIn;
using MedPeft.Planning;
using MedPeft.Sweeps;
using TorchSharp;

namespace MedPeft.Cli;

/// <summary>
/// <c>medpeft compare</c>: the main job. Fine-tunes a Med-VLM with several methods under the same
/// budget and seed and reports what each cost and scored.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"A model folder, or {BaseModel.Name} (built-in: pretrained ResNet18 + MiniLM in the BLIP layout, built and cached on first use).", DefaultValueFactory = _ => BaseModel.Name }.Sets(ComparisonSpec.Name(nameof(ComparisonSpec.Model)));
        var data = new Option<string?>("--data") { Description = "A dataset folder (with --format); default: builtin-real, shipped with MedPeft (the same data on every machine)." }.Sets(ComparisonSpec.Name(nameof(ComparisonSpec.Data)));
        var format = new Option<string?>("--format") { Description = "The dataset's format (with --data); builtin-real or builtin-synthetic (built in the cache) also without --data." }.Sets(ComparisonSpec.Name(nameof(ComparisonSpec.Format)));
        var task = new Option<string>("--task") { Description = "vqa or report.", DefaultValueFactory = _ => "vqa" };
        var methods = new Option<string>("--methods") { Description = "Comma-separated methods or plans (e.g. full,lora,ln,ffn,attn,prefix or lora@decoder+ln@vision).", DefaultValueFactory = _ => string.Join(",", ComparisonSpec.DefaultMethods) }.Sets(ComparisonSpec.Name(nameof(ComparisonSpec.Methods)));
        var budget = new Option<string>("--budget") { Description = $"quick ({ComparisonBudget.Quick.Steps} steps per method, batch {ComparisonBudget.Quick.BatchSize}) or standard ({ComparisonBudget.Standard.Steps} steps, with augmentation).", DefaultValueFactory = _ => "quick" }
            .Sets(Setting.Name<ComparisonBudget>(nameof(ComparisonBudget.Name)));
        var steps = new Option<long?>("--steps") { HelpName = "N", Description = "Optimizer steps per method in place of the budget's (validation every min(budget's interval, N) steps, checkpoint at the end); for quick checks." }.Sets(ComparisonSpec.Name(nameof(ComparisonSpec.Steps)));
        var seed = new Option<int>("--seed") { Description = "Seed of every run (the first seed with --seeds).", DefaultValueFactory = _ => 42 };
        var seeds = new Option<string?>("--seeds")
        {
            HelpName = "N|LIST",
            Description = "Train every method with N seeds (--seed, --seed + 1, ...) or with the comma-separated seeds given; the table shows the mean ± std over seeds.",
        }.Sets(ComparisonSpec.Name(nameof(ComparisonSpec.Seeds)));
        var evalOn = new Option<string[]>("--eval-on")
        {
            HelpName = "FORMAT:DIR",
            Description = "Also score every method and the zero-shot model on this dataset's test split, without training on it (repeatable); the table gets a column per set.",
        }.Sets(ComparisonSpec.Name(nameof(ComparisonSpec.EvalOn)));
        var output = new Option<string?>("--out") { Description = "The results folder to create (default: ./medpeft-results/<timestamp>)." };
        var gradCheckpointing = TrainingCliOptions.GradientCheckpointingOption();
        var precision = PrecisionOption.Create();
        var memory = new MemoryCheck();
        var device = new Option<string>("--device") { Description = "cpu, or cuda with a CUDA build of LibTorch.", DefaultValueFactory = _ => "cpu" }.Sets(DeviceSetting.Name);
        var threads = new Option<int?>("--threads")
        {
            HelpName = "N",
            Description = "Threads every method's training computes with (OMP_NUM_THREADS and MKL_NUM_THREADS of its process; part of its cell's key). Default: as many as LibTorch takes in this process.",
        };
        var launcher = new LauncherCliOptions();
        var command = new Command("compare",
            "The study's experiment on this machine: fine-tune a pretrained Med-VLM on a medical task with several methods under the\n" +
            "same budget and seed, evaluate each on the test split next to the zero-shot model and a majority-answer baseline, and\n" +
            "write results.md, results.csv, results.json, PNG plots and report.html. With no arguments it uses the built-in base model\n" +
            "and the built-in data, so it downloads no data or weights. The methods train as the cells of a sweep (the grid of methods\n" +
            "x seeds; --launcher local or slurm), in <out>.in-progress until the report is written and the folder renamed to <out>.\n" +
            "Stopped by SIGTERM or Ctrl+C (exit code 143 or 130, after the running trainings' checkpoints) or by a full disk, or left\n" +
            "to Slurm with --no-wait, it keeps its work in <out>.in-progress, and the same command continues it.\n\n" +
            "Examples:\n  medpeft compare\n  medpeft compare --methods full,ln,lora --budget standard --out results/run1\n  medpeft compare --methods ln,lora --steps 10 --out results/check\n  medpeft compare --data data/vqa-rad --format vqa-rad --eval-on slake:data/slake --seeds 3\n" +
            "  medpeft compare --seeds 3 --launcher slurm --partition cpu --time 2:00:00 --out /shared/results/study")
        {
            model, data, format, task, methods, budget, steps, seed, seeds, evalOn, output, device, threads, gradCheckpointing, precision,
        };
        memory.AddTo(command);
        launcher.AddTo(command);
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var spec = new ComparisonSpec(parse.GetValue(model)!, parse.GetValue(data), parse.GetValue(format), DataCliOptions.ParseTask(parse.GetValue(task)!),
                parse.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), ComparisonBudget.ByName(parse.GetValue(budget)!),
                parse.GetValue(seed), parse.GetValue(device)!, parse.GetValue(steps), GradientCheckpointing: parse.GetValue(gradCheckpointing),
                Precision: PrecisionOption.Parse(parse.GetValue(precision)!));
            if (parse.GetValue(seeds) is { } seedText)
            {
                var list = SeedList.Parse(seedText, spec.Seed);
                spec = spec with { Seed = list[0], Seeds = list };
            }
            if (parse.GetValue(evalOn) is { Length: > 0 } sets) spec = spec with { EvalOn = sets.Select(TestSetArgument.Parse).ToList() };
            spec = spec.Validated();
            int cellThreads = parse.GetValue(threads) ?? torch.get_num_threads();
            if (cellThreads is < 1 or > 1024) throw new MedPeftException($"--threads {cellThreads}: expected 1 to 1024.");
            var outDirectory = parse.GetValue(output) ?? Path.Combine("medpeft-results", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            AtomicDirectory.EnsureAvailable(outDirectory);
            var inProgress = ComparisonSweep.InProgress(outDirectory);
            bool echo = launcher.OneAtATime(parse);
            var launcherOf = launcher.Launcher(parse, writer, () => SweepRunCommand.CellRuns(ComparisonGrid.Grid(spec, cellThreads)),
                (launch, log) => CellTrainProcess.Run(launch, log, forwardSignals: true, echo: echo ? writer : null, planChecked: true));
            if (Directory.Exists(inProgress)) writer.WriteLine($"continuing the comparison in {inProgress}");
            BaseModelStep.EnsureBuilt(spec.Model, writer);
            // The plan of each method's run as the comparison will describe it (its data does not change the plan).
            memory.Require(parse, spec.Rows.DistinctBy(row => row.Method)
                .Select(row => PlanRequest.Of(spec.RunOf(row, spec.Seed, spec.Model, spec.Data ?? "", spec.Format ?? ""))));
            var again = $"the comparison so far is kept in {inProgress}: the same command continues it";
            (ComparisonResult Result, Verdict Verdict)? done;
            try
            {
                done = ComparisonSweep.Run(spec, cellThreads, outDirectory, launcherOf, launcher.Waits(parse), writer, StopSignals.Stoppable());
            }
            catch (DiskFullException e)
            {
                throw new MedPeftException($"{e.Message} Free some space; {again}.", e);
            }
            catch (OperationCanceledException e)
            {
                throw new OperationCanceledException($"{e.Message}; {again}", e, e.CancellationToken);
            }
            if (done is not var (result, verdict))
            {
                var sweep = Path.Combine(inProgress, ComparisonSweep.SweepFolder);
                writer.WriteLine($"the methods train on Slurm: the same command again waits for them and writes the report to {Path.GetFullPath(outDirectory)}; " +
                    $"meanwhile medpeft sweep status {sweep} shows the cells (medpeft sweep collect {sweep} reports those trained so far)");
                return ExitCodes.Success;
            }
            ComparisonOutput.Print(writer, outDirectory, result, verdict);
            return ExitCodes.Success;
        });
        return command;
    }
}
