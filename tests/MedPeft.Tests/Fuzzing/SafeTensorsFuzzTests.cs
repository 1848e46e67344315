using System.Text;
using MedPeft.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The safetensors reader under seeded mutations of valid files (<see cref="FuzzRun"/>): every case opens and
/// reads every tensor, or ends in one <see cref="MedPeftException"/>. A long run:
/// <c>MEDPEFT_FUZZ_CASES=100000 dotnet test MedPeft.slnx --filter Category=Fuzz</c>.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class SafeTensorsFuzzTests
{
    /// <summary>The header is the JSON between the 8-byte length and the data; a changed header gets its length rewritten.</summary>
    static readonly MutationFuzzer.JsonPart Header = new(
        bytes => MutationFuzzer.Text(bytes, 8, (int)BitConverter.ToUInt64(bytes)),
        (bytes, json) =>
        {
            var text = Encoding.UTF8.GetBytes(json);
            var data = bytes[(8 + (int)BitConverter.ToUInt64(bytes))..];
            return [.. BitConverter.GetBytes((ulong)text.Length), .. text, .. data];
        });

    static byte[] Valid(TemporaryFolder folder, string name, Dictionary<string, Tensor> tensors)
    {
        var path = folder.File(name);
        SafeTensorsWriter.Save(path, tensors);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void EveryMutatedFileOpensOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        using var scope = NewDisposeScope();
        var corpus = new[]
        {
            Valid(folder, "a.safetensors", new() { ["w"] = torch.arange(12, dtype: ScalarType.Float32).reshape(3, 4), ["b"] = torch.ones(4, dtype: ScalarType.BFloat16) }),
            Valid(folder, "b.safetensors", new() { ["ids"] = torch.tensor(new long[] { 1, 2, 3 }), ["scalar"] = torch.tensor(2.5f), ["m"] = torch.zeros(2, 2, 2, dtype: ScalarType.Float16) }),
        };

        var outcome = FuzzRun.Check(MutationFuzzer.Cases(corpus, FuzzRun.Cases, seed: 18_000, Header), folder.File("case.safetensors"), path =>
        {
            foreach (var tensor in SafeTensorsFile.Open(path).ReadAll().Values) tensor.Dispose();
        });

        // Both outcomes occur: the mutations reach past the first check, and not every change is fatal.
        Assert.True(outcome.Accepted > 0 && outcome.Refused > FuzzRun.Cases / 4, $"{outcome}");
    }
}
