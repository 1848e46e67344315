using LayerNormTuningSample;

// Fine-tunes only the LayerNorm layers of a Med-VLM on a VQA dataset and scores the best checkpoint on the test split.
// Usage: dotnet run --project samples/LayerNormTuning -- <model folder> <dataset folder> <format> <out folder>
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: LayerNormTuning <model folder> <dataset folder> <format, e.g. slake> <out folder>");
    return 2;
}
var scores = LayerNormTuning.Run(args[0], args[1], args[2], args[3], Console.Out);
Console.WriteLine($"test accuracy: overall {scores.Values["overall_accuracy"]:P1}, closed {scores.Values["closed_accuracy"]:P1}");
return 0;
