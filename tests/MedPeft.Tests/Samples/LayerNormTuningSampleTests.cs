using LayerNormTuningSample;
using MedPeft.Tests.Training;

namespace MedPeft.Tests.Samples;

/// <summary>The library sample of the README runs: it trains LayerNorm weights only, and scores the test split.</summary>
public class LayerNormTuningSampleTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    [Fact]
    public void TheSampleTrainsOnlyLayerNormsAndScoresTheTestSplit()
    {
        var output = Path.Combine(fixture.Folder.Path, "sample");

        var scores = LayerNormTuning.Run(fixture.Blip, fixture.Data, "builtin-synthetic", output, TextWriter.Null, steps: 2);

        Assert.InRange(scores.Values["overall_accuracy"]!.Value, 0, 1);
        Assert.True(File.Exists(Path.Combine(output, "test", "scores.json")));
        var adapter = MedPeft.IO.SafeTensorsFile.Open(Path.Combine(output, "run", "checkpoints", "best", "adapter_model.safetensors"));
        Assert.NotEmpty(adapter.Entries);
        Assert.All(adapter.Entries.Keys, name => Assert.Matches(@"(?i)(layer_?norm|norm\d*|ln_?\w*|bn\d*|downsample\.1)\.(weight|bias)$", name));
    }
}
