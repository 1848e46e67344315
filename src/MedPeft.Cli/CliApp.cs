using System.CommandLine;
using MedPeft.IO;
using MedPeft.Models.Llava;

namespace MedPeft.Cli;

/// <summary>The <c>medpeft</c> command tree and the one place where errors become exit codes.</summary>
internal static class CliApp
{
    /// <summary>Prints stack traces of errors; without it a bad input gets its message only.</summary>
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Print stack traces with errors.", Recursive = true };

    /// <summary>The CLIP folder of an original-layout LLaVA checkpoint (LLaVA-Med as released), for every command that loads one.</summary>
    public static readonly Option<string?> VisionTower = new Option<string?>("--vision-tower")
    {
        Description = "The CLIP folder (CLIPModel or CLIPVisionModel) of an original-layout LLaVA / LLaVA-Med model, when it is not where its mm_vision_tower points (a path or the HF cache).",
        Recursive = true,
    }.Sets(VisionTowerLocator.FolderSetting);

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "MedPeft: parameter-efficient fine-tuning of medical vision-language models (BLIP/MISS-style and LLaVA/LLaVA-Med).");
        root.Options.Add(Verbose);
        root.Options.Add(VisionTower);
        foreach (var command in Commands.All()) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parse = Build().Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors) error.WriteLine($"error: {problem.Message}");
            error.WriteLine("Run with --help for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            using var tower = VisionTowerLocator.Use(parse.GetValue(VisionTower));
            return parse.Invoke(config);
        }
        catch (Exception e)
        {
            return Report(e, parse.GetValue(Verbose), error);
        }
    }

    /// <summary>The global options of this invocation that a child process of the tool must get too.</summary>
    public static IEnumerable<string> GlobalArguments() =>
        VisionTowerLocator.Chosen is { } folder ? [VisionTower.Name, Path.GetFullPath(folder)] : [];

    static int Report(Exception e, bool verbose, TextWriter error)
    {
        var cause = e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : e;
        if (cause is MedPeftException)
        {
            error.WriteLine($"error: {SettingNames.Reword(cause.Message)}" + (cause is DiskFullException ? " Free some space and run the command again." : ""));
            if (verbose) error.WriteLine(cause);
            return ExitCodes.BadInput;
        }
        if (cause is OperationCanceledException && StopSignals.Received is { } signal)
        {
            error.WriteLine($"stopped by {signal}: {SettingNames.Reword(cause.Message)}");
            if (verbose) error.WriteLine(cause);
            return ExitCodes.StoppedBy(signal);
        }
        if (cause is MedPeftFailure)
        {
            error.WriteLine($"error: {SettingNames.Reword(cause.Message)}");
            if (verbose) error.WriteLine(cause);
            return ExitCodes.Failed;
        }
        error.WriteLine($"error: unexpected {cause.GetType().Name}: {cause.Message}");
        error.WriteLine(verbose ? cause.ToString() : "Run again with --verbose for the stack trace.");
        return ExitCodes.Unexpected;
    }
}
