using System.Diagnostics;
using System.Text;
using MedPeft.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The safetensors reader under seeded mutations of valid files: every case opens and reads every tensor,
/// or ends in one <see cref="MedPeftException"/>; nothing else (no other exception, no case over 10 s).
/// <c>MEDPEFT_FUZZ_CASES</c> sets the number of cases for a long run (default 400), e.g.
/// <c>MEDPEFT_FUZZ_CASES=100000 dotnet test MedPeft.slnx --filter Category=Fuzz</c>.
/// </summary>
[Trait("Category", "Fuzz")]
public class SafeTensorsFuzzTests
{
    static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("MEDPEFT_FUZZ_CASES"), out var cases) && cases > 0 ? cases : 400;

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
        var outcomes = new Dictionary<string, int> { ["opened"] = 0, ["refused"] = 0 };
        var path = folder.File("case.safetensors");
        foreach (var fuzz in MutationFuzzer.Cases(corpus, Cases, seed: 18_000, Header))
        {
            File.WriteAllBytes(path, fuzz.Bytes);
            var clock = Stopwatch.StartNew();
            try
            {
                using var tensors = new ReadTensors(SafeTensorsFile.Open(path).ReadAll());
                outcomes["opened"]++;
            }
            catch (MedPeftException e)
            {
                Assert.Contains(path, e.Message);
                outcomes["refused"]++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {fuzz.Seed} ({fuzz.Mutation}) ended in {e.GetType().Name}: {e.Message}");
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"case {fuzz.Seed} ({fuzz.Mutation}) ran {clock.Elapsed.TotalSeconds:0.0} s");
        }
        // Both outcomes occur: the mutations reach past the first check, and not every change is fatal.
        Assert.True(outcomes["opened"] > 0 && outcomes["refused"] > Cases / 4, $"opened {outcomes["opened"]}, refused {outcomes["refused"]}");
    }

    /// <summary>Disposes the tensors a case read.</summary>
    sealed class ReadTensors(Dictionary<string, Tensor> tensors) : IDisposable
    {
        public void Dispose()
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }
}
