using System.CommandLine;
using MedPeft.Models.Onnx;

namespace MedPeft.Cli;

/// <summary><c>medpeft import onnx</c>: pretrained ONNX weights → a model folder (config.json + model.safetensors).</summary>
internal static class ImportCommand
{
    const string ResNet18 = "resnet18", MiniLm = "minilm";

    public static Command Create()
    {
        var import = new Command("import", "Import pretrained weights from another format into a model folder.");
        import.Subcommands.Add(CreateOnnx());
        return import;
    }

    static Command CreateOnnx()
    {
        var model = new Option<string>("--model")
        {
            Description = $"Which model the ONNX file holds: {ResNet18} (ResNet image encoder, 7x7 feature grid) or {MiniLm} (BERT text encoder).",
            Required = true,
        };
        model.AcceptOnlyFromAmong(ResNet18, MiniLm);
        var onnx = new Option<string?>("--onnx")
        {
            Description = $"The ONNX file. Default: the one shipped in NuGet ({BuiltInOnnxModels.ResNet18Package}; {BuiltInOnnxModels.MiniLmPackage}).",
        };
        var preprocessOnnx = new Option<string?>("--preprocess-onnx")
        {
            Description = $"{ResNet18} only: the preprocessing ONNX file (RGB → BGR minus mean image). Default: the shipped ResNetPreprocess.onnx.",
        };
        var vocab = new Option<string?>("--vocab") { Description = $"{MiniLm} only: the WordPiece vocab.txt. Default: the shipped MiniLM vocabulary." };
        var output = new Option<string>("--out") { Description = "The folder to create (must not exist, or be empty).", Required = true };

        var command = new Command("onnx",
            "Read a pretrained ONNX model's weights by following its graph and write config.json, model.safetensors and "
            + "preprocessor.safetensors (resnet18) or vocab.txt (minilm) into a new folder.\n"
            + "Example: medpeft import onnx --model minilm --out ./minilm")
        {
            model, onnx, preprocessOnnx, vocab, output,
        };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(model)!;
            if (name == ResNet18 && parse.GetValue(vocab) is not null) throw new MedPeftException($"--vocab applies to --model {MiniLm} only.");
            if (name == MiniLm && parse.GetValue(preprocessOnnx) is not null) throw new MedPeftException($"--preprocess-onnx applies to --model {ResNet18} only.");
            var result = name == ResNet18
                ? OnnxImporter.ImportResNet(parse.GetValue(output)!, parse.GetValue(onnx), parse.GetValue(preprocessOnnx))
                : OnnxImporter.ImportBert(parse.GetValue(output)!, parse.GetValue(onnx), parse.GetValue(vocab));
            var writer = parse.InvocationConfiguration.Output;
            writer.WriteLine($"Imported {name} from {result.Source} in {result.Elapsed.TotalSeconds:0.0} s");
            writer.WriteLine($"  {result.Architecture}, {result.Parameters:N0} parameters");
            foreach (var file in result.Files)
                writer.WriteLine($"  {Path.Combine(result.Directory, file.Name)}  {(file.Bytes >= 1e6 ? $"{file.Bytes / 1e6:0.0} MB" : $"{file.Bytes / 1e3:0.0} kB")}");
            return ExitCodes.Success;
        });
        return command;
    }
}
