using System.Diagnostics;
using MedPeft.Data.Datasets;
using MedPeft.Models;
using MedPeft.Peft;
using MedPeft.Tasks;
using MedPeft.Training;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace MedPeft.Tests.Scratch;

public class ProfileStep(ITestOutputHelper output)
{
    [Fact]
    public void Profile()
    {
        MedPeft.Training.TrainingProcess.Configure();
        var dir = Environment.GetEnvironmentVariable("DATA") ?? "/tmp/mpcache/data/builtin-real-42";
        var format = Environment.GetEnvironmentVariable("FORMAT") ?? "builtin-real";
        var modelDir = "/tmp/mpcache/models/medpeft-base-b6b19a076b40";
        var data = DatasetFormats.Read(format, dir, new DatasetOptions(DatasetTask.Vqa));
        var rows = data[DatasetSplit.Train];
        var model = HfModelLoader.Load(modelDir);
        var peft = PeftModel.Apply(model, PeftPlan.Parse(Environment.GetEnvironmentVariable("PLAN") ?? "full"), new PeftOptions());
        var task = TaskModelFactory.Create(model, modelDir, DatasetTask.Vqa, 42, false);
        var optimizer = new AdamW(peft.Optimized, new AdamW.Settings(1e-4));
        model.Module.train();
        var blip = (MedPeft.Models.Blip.BlipForQuestionAnswering)model;
        var builder = typeof(BlipTaskModel).GetField("evalBatches", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(task)!;
        for (int round = 0; round < 4; round++)
        {
            var indices = Enumerable.Range(round * 16, 16).ToArray();
            using var scope = NewDisposeScope();
            var sw = Stopwatch.StartNew();
            var batch = (MedPeft.Data.Batching.BlipBatch)builder.GetType().GetMethod("Build")!.Invoke(builder, new object[] { rows, indices, 0 })!;
            var tBatch = sw.Elapsed.TotalSeconds; sw.Restart();
            var enc = blip.Encode(batch.PixelValues, batch.InputIds, batch.AttentionMask, OutputRequest.None);
            var tEncode = sw.Elapsed.TotalSeconds; sw.Restart();
            var logits = blip.text_decoder.Forward(batch.DecoderInputIds, batch.DecoderAttentionMask, enc.QuestionEmbeds, enc.QuestionMask, null);
            var loss = blip.text_decoder.Loss(logits, batch.Labels);
            var tDecode = sw.Elapsed.TotalSeconds; sw.Restart();
            loss.backward();
            var tBackward = sw.Elapsed.TotalSeconds; sw.Restart();
            optimizer.StepOnce(); optimizer.ZeroGrad();
            var tOpt = sw.Elapsed.TotalSeconds;
            output.WriteLine($"batch {tBatch:0.000} encode {tEncode:0.000} decode+loss {tDecode:0.000} backward {tBackward:0.000} adamw {tOpt:0.000}  answer len {batch.DecoderInputIds.shape[1]} q len {batch.InputIds.shape[1]}");
        }
    }
}
