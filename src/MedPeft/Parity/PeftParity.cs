using System.Text.Json;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Llama;
using MedPeft.Peft;
using MedPeft.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Parity;

/// <summary>
/// The adapter and training reference cases: an HF PEFT LoRA adapter on a base case (outputs, merged
/// weights and merged logits), and norm-only training with AdamW (losses, gradients, final weights).
/// </summary>
internal static class PeftParity
{
    /// <summary>LoRA case: <c>adapter_config.json</c> + <c>adapter_model.safetensors</c>; <c>case.json</c> names the base case.</summary>
    public static (Dictionary<string, Tensor> Outputs, string[] Main) Lora(string caseDirectory, SafeTensorsFile inputs, SafeTensorsFile expected)
    {
        var model = HfModelLoader.Load(BaseCase(caseDirectory, "case.json"));
        var peft = AdapterFiles.Load(model, caseDirectory);
        using var noGrad = torch.no_grad();
        var outputs = CausalOutputs(model, inputs, "logits", withHidden: true);
        AdapterMerge.MergeAndUnload(peft);
        var parameters = model.Module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        foreach (var name in expected.Entries.Keys.Where(n => n.StartsWith("merged.", StringComparison.Ordinal)))
            if (parameters.TryGetValue(name["merged.".Length..], out var merged)) outputs[name] = merged.detach().clone();
        foreach (var (name, tensor) in CausalOutputs(model, inputs, "merged_logits", withHidden: false)) outputs[name] = tensor;
        return (outputs, new[] { "logits", "merged_logits", "loss" });
    }

    /// <summary>Training case: <c>train.json</c> gives the base case, trainable names, AdamW settings and step count.</summary>
    public static (Dictionary<string, Tensor> Outputs, string[] Main) Train(string caseDirectory, SafeTensorsFile expected)
    {
        var trainPath = Path.Combine(caseDirectory, "train.json");
        using var document = JsonDocument.Parse(File.ReadAllText(trainPath));
        var spec = document.RootElement;
        var baseDirectory = BaseCase(caseDirectory, "train.json");
        var inputs = SafeTensorsFile.Open(Path.Combine(baseDirectory, ParityRunner.InputsFile));
        var model = HfModelLoader.Load(baseDirectory);
        var peft = PeftModel.Apply(model, PeftPlan.Parse("ln"), new PeftOptions());
        var wanted = spec.GetProperty("trainable_parameters").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        var trainable = peft.Optimized;
        if (!trainable.Select(t => t.Name).ToHashSet().SetEquals(wanted))
            throw new MedPeftException($"{trainPath}: the reference trains {string.Join(", ", wanted)}, but ln selects {string.Join(", ", trainable.Select(t => t.Name))}.");
        var betas = spec.GetProperty("betas").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        if (spec.GetProperty("amsgrad").GetBoolean()) throw new MedPeftException($"{trainPath}: amsgrad is not supported.");
        using var optimizer = new AdamW(trainable, new AdamW.Settings(spec.GetProperty("lr").GetDouble(), betas[0], betas[1],
            spec.GetProperty("eps").GetDouble(), spec.GetProperty("weight_decay").GetDouble()));
        model.Module.train();
        var losses = new List<float>();
        var outputs = new Dictionary<string, Tensor>();
        int steps = spec.GetProperty("steps").GetInt32();
        for (int step = 0; step < steps; step++)
        {
            optimizer.ZeroGrad();
            using var loss = Loss(model, inputs);
            loss.backward();
            losses.Add(loss.item<float>());
            foreach (var (name, parameter) in trainable) outputs[$"grad.step{step}.{name}"] = parameter.grad!.detach().clone();
            optimizer.StepOnce();
        }
        using (torch.no_grad()) outputs["loss_after"] = Loss(model, inputs);
        outputs["losses"] = torch.tensor(losses.ToArray());
        foreach (var (name, parameter) in trainable) outputs[$"final.{name}"] = parameter.detach().clone();
        var main = new[] { "losses", "loss_after" }.Concat(expected.Entries.Keys.Where(k => k.StartsWith("final.", StringComparison.Ordinal))).ToArray();
        return (outputs, main);
    }

    static Tensor Loss(IHfModel model, SafeTensorsFile inputs)
    {
        var llama = (LlamaForCausalLM)model;
        var (logits, _) = llama.Forward(inputs.Read("input_ids"), null, inputs.Read("attention_mask"), null, null, OutputRequest.None);
        return NextTokenLoss.Compute(logits, inputs.Read("labels"));
    }

    static Dictionary<string, Tensor> CausalOutputs(IHfModel model, SafeTensorsFile inputs, string logitsName, bool withHidden)
    {
        if (model is not LlamaForCausalLM llama) throw new MedPeftException($"adapter parity cases are defined for LLaMA models, not {model.Architecture}.");
        var (logits, output) = llama.Forward(inputs.Read("input_ids"), null, inputs.Read("attention_mask"), null, null, new OutputRequest(HiddenStates: withHidden));
        var outputs = new Dictionary<string, Tensor> { [logitsName] = logits };
        if (!withHidden) return outputs;
        outputs["loss"] = NextTokenLoss.Compute(logits, inputs.Read("labels"));
        for (int i = 0; i < output.HiddenStates!.Count; i++) outputs[$"hidden_states.{i}"] = output.HiddenStates[i];
        return outputs;
    }

    static string BaseCase(string caseDirectory, string file)
    {
        var path = Path.Combine(caseDirectory, file);
        if (!File.Exists(path)) throw new MedPeftException($"{path}: not found (it names the base case).");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("base_case", out var baseCase))
            throw new MedPeftException($"{path}: no 'base_case' field naming the base model case.");
        return Path.GetFullPath(Path.Combine(caseDirectory, baseCase.GetString()!));
    }
}
