using System.CommandLine;
using MedPeft.Models;
using MedPeft.Peft;

namespace MedPeft.Cli;

/// <summary><c>medpeft merge</c>: folds an adapter into its base model and writes an HF checkpoint.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The base model: an HF checkpoint folder or a built-in model name.", Required = true };
        var adapter = new Option<string>("--adapter") { Description = "An adapter folder (MedPeft, or HF PEFT LoRA).", Required = true };
        var output = new Option<string>("--out") { Description = "The folder to create (config.json + model.safetensors).", Required = true };
        var command = new Command("merge",
            "Merge an adapter into its base model and write an HF-layout checkpoint (config.json + model.safetensors,\nwith the base folder's tokenizer and preprocessor files) that loads without MedPeft. LoRA, IA3 and the\nintrinsic methods merge exactly; prefix, prompt and bottleneck adapters cannot be merged.\n\nExample:\n  medpeft merge --model ./llava-med --adapter runs/lora/best --out ./llava-med-merged")
        {
            model, adapter, output,
        };
        command.SetAction(parse =>
        {
            var modelName = parse.GetValue(model)!;
            var outDirectory = parse.GetValue(output)!;
            IO.AtomicDirectory.EnsureAvailable(outDirectory);
            BaseModelStep.EnsureBuilt(modelName, parse.InvocationConfiguration.Output);
            var configJson = ModelSource.ConfigJson(modelName);
            using var loaded = ModelSource.Load(modelName);
            var peft = AdapterFiles.Load(loaded, parse.GetValue(adapter)!);
            AdapterMerge.MergeAndUnload(peft);
            var source = ModelSource.Resolve(modelName);
            AdapterMerge.WriteCheckpoint(loaded, configJson, outDirectory, Directory.Exists(source) ? source : null);
            parse.InvocationConfiguration.Output.WriteLine($"merged {peft.Plan} into {modelName}: wrote {outDirectory}");
            return ExitCodes.Success;
        });
        return command;
    }
}
