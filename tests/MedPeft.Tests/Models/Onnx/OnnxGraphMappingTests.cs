using Google.Protobuf;
using MedPeft.Models.Onnx;
using Onnx;

namespace MedPeft.Tests.Models.Onnx;

/// <summary>Edits of the (small) shipped preprocessing graph: the mapping must notice each and name the node.</summary>
public class OnnxGraphMappingTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-onnxgraph-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Edited(Action<GraphProto> edit)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(BuiltInOnnxModels.ResNetPreprocessPath));
        edit(model.Graph);
        var path = Path.Combine(folder, "edited.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    [Fact]
    public void ShippedPreprocessingIsBgrMinusAMeanImage()
    {
        var preprocessing = ResNetPreprocessOnnxMapping.Read(OnnxGraph.Load(BuiltInOnnxModels.ResNetPreprocessPath));
        Assert.Equal(new long[] { 3, 224, 224 }, preprocessing.MeanImage.shape);
        // The mean image is ImageNet's, in BGR order: blue averages about 103, red about 123.
        var channelMeans = preprocessing.MeanImage.mean(new long[] { 1, 2 }).data<float>().ToArray();
        Assert.InRange(channelMeans[0], 100, 106);
        Assert.InRange(channelMeans[2], 120, 126);
    }

    [Fact]
    public void ChannelsKeptInRgbOrderAreReportedAtTheConcat()
    {
        var path = Edited(g =>
        {
            var concat = g.Node.Single(n => n.OpType == "Concat");
            var inputs = concat.Input.Reverse().ToList();
            concat.Input.Clear();
            concat.Input.AddRange(inputs);
        });
        var error = Assert.Throws<MedPeftException>(() => ResNetPreprocessOnnxMapping.Read(OnnxGraph.Load(path)));
        Assert.StartsWith($"{path}: Concat node producing 'BGRInput': expected the three channels concatenated in reverse order", error.Message);
    }

    [Fact]
    public void WeightOfTheWrongShapeIsReportedWithItsNode()
    {
        var path = Edited(g =>
        {
            var mean = g.Initializer.Single();
            mean.Dims.Clear();
            mean.Dims.AddRange(new long[] { 1, 3, 112, 448 });
        });
        var error = Assert.Throws<MedPeftException>(() => ResNetPreprocessOnnxMapping.Read(OnnxGraph.Load(path)));
        Assert.Equal($"{path}: Sub node producing 'PreprocessedInput': weight 'MeanImage' has shape [1, 3, 112, 448], expected [1, 3, 224, 224].", error.Message);
    }

    [Fact]
    public void WeightWithMissingDataIsReportedAsCorrupt()
    {
        var path = Edited(g =>
        {
            var mean = g.Initializer.Single();
            var kept = mean.FloatData.Take(1000).ToList();
            mean.FloatData.Clear();
            mean.FloatData.AddRange(kept);
        });
        var error = Assert.Throws<MedPeftException>(() => ResNetPreprocessOnnxMapping.Read(OnnxGraph.Load(path)));
        Assert.Contains("tensor 'MeanImage' [1, 3, 224, 224] has 4000 data bytes, expected 602112 (truncated or corrupted file)", error.Message);
    }
}
