using MedPeft.Models;
using MedPeft.Peft;
using MedPeft.Peft.Lora;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The config of an adapter folder under seeded mutations (<see cref="FuzzRun"/>): MedPeft's
/// <c>medpeft_adapter.json</c> and HF PEFT's <c>adapter_config.json</c> (TestData/adapters-v1). Every case applies
/// the adapter to a freshly loaded fixture model, or ends in one <see cref="MedPeftException"/> naming the folder.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class AdapterConfigFuzzTests
{
    [Theory]
    [InlineData("blip-ln-lora-ia3", "blip_vqa", AdapterFiles.ConfigFile)]
    [InlineData("blip-prefix-prompt-adapter", "blip_vqa", AdapterFiles.ConfigFile)]
    [InlineData("llava-attn-bitfit-full", "llava", AdapterFiles.ConfigFile)]
    [InlineData("llava-lora", "llava", PeftLoraFormat.ConfigFile)]
    public void EveryMutatedAdapterConfigLoadsOrFailsWithOneClearError(string adapter, string hfCase, string file)
    {
        using var folder = new TemporaryFolder();
        var directory = Path.Combine(folder.Path, adapter);
        FuzzCorpus.CopyFolder(TestData.Path("adapters-v1", adapter), directory);
        // HF PEFT's file is read only where MedPeft's is absent.
        if (file == PeftLoraFormat.ConfigFile) File.Delete(Path.Combine(directory, AdapterFiles.ConfigFile));
        var config = Path.Combine(directory, file);

        var outcome = FuzzRun.Check(MutationFuzzer.Cases([File.ReadAllBytes(config)], FuzzRun.Cases, seed: 18_800, FuzzCorpus.WholeFile),
            config, _ =>
            {
                using var model = HfModelLoader.Load(TestData.HfCase(hfCase));
                AdapterFiles.Load(model, directory);
            }, named: directory);

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }
}
