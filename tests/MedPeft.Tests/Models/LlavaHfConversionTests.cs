using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Models.Llava;
using MedPeft.Parity;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models;

/// <summary>
/// <c>convert llava</c> turns the original-layout fixture into an HF LLaVA folder whose outputs are the
/// fixture's reference: the logits in the original vocabulary's columns, their mean in every added column.
/// </summary>
public class LlavaHfConversionTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ConvertedCaseMatchesTheReferenceAndAddsMeanColumns()
    {
        var original = TestData.HfCase("llava_med_original");
        var converted = Path.Combine(folder.Path, "converted");

        var result = CliRunner.Run("convert", "llava", "--model", Path.Combine(original, "model"), "--vision-tower", Path.Combine(original, "vision_tower"), "--out", converted);

        Assert.Equal(0, result.ExitCode);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(converted, "config.json")))!;
        Assert.Equal("llava", (string?)config["model_type"]);
        Assert.Equal(160, (int)config["image_token_index"]!);
        Assert.Equal(161, (int)config["pad_token_id"]!);
        Assert.Equal(192, (int)config["text_config"]!["vocab_size"]!); // 160 + 2 padded to a multiple of 64
        var added = JsonNode.Parse(File.ReadAllText(Path.Combine(converted, "added_tokens.json")))!;
        Assert.Equal(160, (int)added["<image>"]!);
        Assert.Equal(161, (int)added["<pad>"]!);
        Assert.True(File.Exists(Path.Combine(converted, "preprocessor_config.json")));

        // The case after conversion: the placeholder -200 becomes <image>; the reference logits gain the mean
        // column for each of the 32 added tokens; the loss (a softmax over more columns) is not compared.
        var inputs = SafeTensorsFile.Open(Path.Combine(original, "inputs.safetensors")).ReadAll();
        inputs["input_ids"] = torch.where(inputs["input_ids"].eq(-200), torch.full_like(inputs["input_ids"], 160), inputs["input_ids"]);
        SafeTensorsWriter.Save(Path.Combine(converted, "inputs.safetensors"), inputs);
        var outputs = SafeTensorsFile.Open(Path.Combine(original, "outputs.safetensors")).ReadAll();
        var logits = outputs["logits"];
        outputs["logits"] = torch.cat([logits, logits.mean([2], keepdim: true).expand(-1, -1, 32)], 2);
        outputs.Remove("loss");
        SafeTensorsWriter.Save(Path.Combine(converted, "outputs.safetensors"), outputs);

        var report = ParityRunner.Run(converted, 1e-4);

        Assert.True(report.Passed, string.Join("\n", report.Comparisons.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.MaxAbsError} {c.Note}")));
        Assert.Equal("LlavaForConditionalGeneration", report.Kind);
        Assert.Contains(report.Comparisons, c => c.Name == "logits" && c.MaxAbsError < 1e-5);
    }

    [Fact]
    public void AnHfFolderIsNotConverted()
    {
        var result = CliRunner.Run("convert", "llava", "--model", TestData.HfCase("llava"), "--out", Path.Combine(folder.Path, "out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a LLaVA checkpoint in the original layout", result.Error);
    }
}
