using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Training;

/// <summary>
/// <c>--precision bf16</c> is a setting of the run: written into run.json and kept by <c>--resume</c>; a bf16 run trains
/// end to end with float32 trainable tensors, gradients and AdamW state, and its adapters load in a float32 run and back.
/// </summary>
public class Bf16RunTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    static string Written(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, RunSpec.FileName)))!["training"]!["precision"]!.GetValue<string>();

    [Fact]
    public void ABf16RunTrainsEndToEndAndWritesFloat32AdaptersAndOptimizerState()
    {
        var run = Path.Combine(fixture.Folder.Path, "bf16-run");
        var (code, output, error) = TrainingRunFixture.RunToEnd(fixture.LoraAndLayerNorm(run, 6, "--precision", "bf16", "--save-every", "3"));

        Assert.True(code == 0, error + output);
        Assert.Equal("bf16", Written(run));
        Assert.Contains("bf16 weights", output);
        var losses = TrainingRunFixture.Losses(run);
        Assert.Equal(6, losses.Count);
        Assert.All(losses, loss => Assert.True(double.IsFinite(loss) && loss > 0));
        var last = Path.Combine(run, "checkpoints", "last");
        foreach (var file in new[] { AdapterFiles.WeightsFile, "optimizer.safetensors" })
        {
            var entries = SafeTensorsFile.Open(Path.Combine(last, file)).Entries;
            Assert.NotEmpty(entries);
            Assert.All(entries, e => Assert.True(e.Value.DType == "F32", $"{file}: {e.Key} is {e.Value.DType}"));
        }

        var resumed = TrainingRunFixture.RunToEnd("train", "--resume", "--out", run);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("bf16 weights", resumed.Output);
    }

    [Fact]
    public void TrainableTensorsAreFloat32AndFrozenLinearWeightsStayBf16()
    {
        using var model = RunLoader.Model(fixture.Blip, precision: Precision.Bf16);
        // ffn trains whole linear weights (promoted to float32), lora and ln add and select small tensors.
        var peft = PeftModel.Apply(model, PeftPlan.Parse("ffn+lora+ln"), new PeftOptions());

        Assert.NotEmpty(peft.Trainable);
        Assert.All(peft.Trainable, p => Assert.True(p.Parameter.dtype == ScalarType.Float32, $"{p.Name} is {p.Parameter.dtype}"));
        var frozenLinears = model.Module.modules().OfType<AdaptableLinear>().Where(l => !l.weight.requires_grad).ToList();
        Assert.NotEmpty(frozenLinears);
        Assert.All(frozenLinears, l => Assert.Equal(ScalarType.BFloat16, l.weight.dtype));
        // Everything but the linear weights (norms, biases, embeddings, convolutions) stays float32.
        Assert.All(model.Module.named_parameters().Where(p => p.parameter.dtype != ScalarType.Float32),
            p => Assert.True(p.name.EndsWith(".weight") && p.parameter.dim() == 2, p.name));

        // A backward pass gives float32 gradients to every trainable tensor and none to the frozen weights.
        model.Module.train();
        using (var batch = MedPeft.Benchmarks.BenchBatch.For(model))
        using (var step = new MedPeft.Benchmarks.TrainingStep(peft, batch))
            step.Run();
        Assert.All(peft.Optimized, p => Assert.Equal(ScalarType.Float32, p.Parameter.dtype));
        Assert.All(frozenLinears, l => Assert.True(l.weight.grad is null));
    }

    [Fact]
    public void AdaptersMoveBetweenBf16AndFloat32Runs()
    {
        using var folder = new TemporaryFolder();
        string fromBf16 = Path.Combine(folder.Path, "from-bf16"), fromFp32 = Path.Combine(folder.Path, "from-fp32");
        torch.manual_seed(7);
        var trained = Perturbed(Precision.Bf16, "lora+ln");
        AdapterFiles.Save(trained, fromBf16, fixture.Blip);
        var expected = trained.Trainable.ToDictionary(p => p.Name, p => p.Parameter.detach().clone());
        trained.Model.Dispose();

        // bf16 → fp32: the same float32 tensors.
        using (var fp32 = RunLoader.Model(fixture.Blip))
        {
            var loaded = AdapterFiles.Load(fp32, fromBf16);
            Assert.Equal(expected.Keys.Order(), loaded.Trainable.Select(p => p.Name).Order());
            foreach (var (name, parameter) in loaded.Trainable) Assert.True(parameter.allclose(expected[name], rtol: 0, atol: 0), name);
            AdapterFiles.Save(loaded, fromFp32, fixture.Blip);
        }
        // and back: fp32 → bf16.
        using var bf16 = RunLoader.Model(fixture.Blip, precision: Precision.Bf16);
        var back = AdapterFiles.Load(bf16, fromFp32);
        foreach (var (name, parameter) in back.Trainable)
        {
            Assert.Equal(ScalarType.Float32, parameter.dtype);
            Assert.True(parameter.allclose(expected[name], rtol: 0, atol: 0), name);
        }
    }

    // A plan applied in the given precision with its trainable tensors moved off their initial values.
    PeftModel Perturbed(Precision precision, string method)
    {
        var model = RunLoader.Model(fixture.Blip, precision: precision);
        var peft = PeftModel.Apply(model, PeftPlan.Parse(method), new PeftOptions());
        using (torch.no_grad())
            foreach (var (_, parameter) in peft.Trainable) parameter.add_(torch.randn_like(parameter) * 0.01);
        return peft;
    }

    [Fact]
    public void RunJsonKeepsThePrecisionAndAnOlderOneReadsAsFp32()
    {
        using var folder = new TemporaryFolder();
        var old = TestData.Path("adapters-v1", "run", RunSpec.FileName);
        Assert.DoesNotContain("\"precision\"", File.ReadAllText(old));
        var spec = RunSpec.Read(old);
        Assert.Equal(Precision.Fp32, spec.Training.Precision);
        // fp32 is left out of the file: an fp32 run's description is what it was before the setting existed.
        Assert.DoesNotContain("\"precision\"", spec.ToJson());

        var bf16 = spec with { Training = spec.Training with { Precision = Precision.Bf16 } };
        bf16.Save(folder.Path);
        Assert.Equal("bf16", Written(folder.Path));
        var read = RunSpec.Load(folder.Path);
        Assert.Equal(Precision.Bf16, read.Training.Precision);
        Assert.Equal(bf16.ToJson(), read.ToJson());

        var text = File.ReadAllText(Path.Combine(folder.Path, RunSpec.FileName)).Replace("\"bf16\"", "\"fp8\"");
        File.WriteAllText(Path.Combine(folder.Path, RunSpec.FileName), text);
        var error = Assert.Throws<MedPeftException>(() => RunSpec.Load(folder.Path));
        Assert.Contains(RunSpec.FileName, error.Message);
    }
}
