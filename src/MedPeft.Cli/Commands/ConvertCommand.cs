using System.CommandLine;
using MedPeft.Models.Llava;

namespace MedPeft.Cli;

/// <summary><c>medpeft convert llava</c>: an original-layout LLaVA checkpoint → an HF LlavaForConditionalGeneration folder.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var convert = new Command("convert", "Convert a model folder from another layout into the HF layout.");
        convert.Subcommands.Add(CreateLlava());
        return convert;
    }

    static Command CreateLlava()
    {
        var model = new Option<string>("--model") { Description = "A LLaVA / LLaVA-Med folder in the original code's layout (model_type llava_mistral or llava_llama).", Required = true };
        var output = new Option<string>("--out") { Description = "The folder to create (must not exist, or be empty).", Required = true };
        var command = new Command("llava",
            "Write an HF LlavaForConditionalGeneration folder (text_config + vision_config, the tower's weights, tokenizer and\n" +
            "processor files) from an original-layout checkpoint, as transformers' conversion script does: the vocabulary grows by\n" +
            "<image> and <pad> and is padded to a multiple of 64; every new embedding and lm_head row is the mean of the\n" +
            "existing ones, so the logits of the original vocabulary are unchanged.\n\n" +
            "Example:\n  medpeft convert llava --model ./llava-med-v1.5-mistral-7b --vision-tower ./clip-vit-large-patch14-336 --out ./llava-med-hf")
        {
            model, output,
        };
        command.SetAction(parse =>
        {
            var result = LlavaHfConversion.Convert(parse.GetValue(model)!, IO.AtomicDirectory.EnsureAvailable(parse.GetValue(output)!));
            parse.InvocationConfiguration.Output.WriteLine(
                $"wrote {result.Directory}: LlavaForConditionalGeneration, vocabulary {result.VocabSize}, <image> = {result.ImageTokenIndex}, <pad> = {result.PadTokenId}");
            return ExitCodes.Success;
        });
        return command;
    }
}
