using System.CommandLine;
using MedPeft.Data.Datasets;
using MedPeft.Models;

namespace MedPeft.Cli;

/// <summary>The options that say which model and data a run uses.</summary>
internal sealed class DataCliOptions
{
    public readonly Option<string> Model = new Option<string>("--model") { Description = "A model folder (HF config.json + safetensors + tokenizer files).", Required = true }.Sets(ModelSource.ModelSetting);
    public readonly Option<string> Data = new("--data") { Description = "The dataset folder, laid out as the public set ships it.", Required = true };
    public readonly Option<string> Format = new("--format") { Description = $"Dataset format: {string.Join(", ", DatasetFormats.Names)}.", Required = true };
    public readonly Option<string> Task = new("--task") { Description = "vqa or report.", DefaultValueFactory = _ => "vqa" };
    public readonly Option<string?> Template = new("--template") { Description = "LLaVA conversation template: llava-1.5, mistral-instruct or plain (default by text model)." };
    public readonly Option<string> QuestionLanguage = new("--q-lang") { Description = "SLAKE question language: en, zh or all.", DefaultValueFactory = _ => "en" };
    public readonly Option<string> Device = new Option<string>("--device") { Description = "cpu, or cuda / cuda:N with a CUDA build of LibTorch.", DefaultValueFactory = _ => "cpu" }.Sets(DeviceSetting.Name);

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Data, Format, Task, Template, QuestionLanguage, Device }) command.Options.Add(option);
    }

    public static DatasetTask ParseTask(string text) => text.Trim().ToLowerInvariant() switch
    {
        "vqa" => DatasetTask.Vqa,
        "report" => DatasetTask.Report,
        _ => throw new MedPeftException($"--task '{text}': expected vqa or report."),
    };
}
