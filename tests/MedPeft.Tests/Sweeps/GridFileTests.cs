using System.Text.Json.Nodes;
using MedPeft.Data.Datasets;
using MedPeft.Nn;
using MedPeft.Sweeps;

namespace MedPeft.Tests.Sweeps;

/// <summary>A grid file's fields, each checked with the file and the field named, and its expansion into keyed cells.</summary>
public sealed class GridFileTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    const string Grid = """
        {"model": "medpeft-base", "data": {"format": "builtin-real"}, "task": "vqa",
         "methods": ["ln", "lora"], "seeds": [1, 2], "steps": 5, "lr": {"ln": [1e-3, 5e-3]}}
        """;

    SweepGrid Read(string text, string name = "grid.json")
    {
        var path = folder.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return GridFile.Read(path);
    }

    /// <summary>The grid with one field set (a JSON value), or removed (null).</summary>
    static string With(string field, string? value)
    {
        var grid = JsonNode.Parse(Grid)!.AsObject();
        grid.Remove(field);
        if (value is not null) grid[field] = JsonNode.Parse(value);
        return grid.ToJsonString();
    }

    [Fact]
    public void EveryMethodLearningRateAndSeedIsACellOfTheRunDescriptionTrainReads()
    {
        var grid = Read(Grid);

        var cells = SweepCell.Of(grid);

        Assert.Equal(["ln (lr 0.001)", "ln (lr 0.001)", "ln (lr 0.005)", "ln (lr 0.005)", "lora", "lora"], cells.Select(c => c.Row.Name));
        Assert.Equal([1, 2, 1, 2, 1, 2], cells.Select(c => c.Seed));
        Assert.Equal([1e-3, 1e-3, 5e-3, 5e-3, 1e-3, 1e-3], cells.Select(c => c.Run.Training.LearningRate));
        Assert.All(cells, c => Assert.Equal(5, c.Run.Training.MaxSteps));
        Assert.All(cells, c => Assert.Equal(c.Seed, c.Run.Training.Seed));
        Assert.All(cells, c => Assert.Equal(2, c.Threads));
        Assert.Equal(6, cells.Select(c => c.Key).Distinct().Count());
        // The description is the one train --spec reads: written and read back, it is the same.
        var run = folder.File("run");
        Directory.CreateDirectory(run);
        cells[0].Run.Save(run);
        Assert.Equal(cells[0].Run.ToJson(), MedPeft.Runs.RunSpec.Read(Path.Combine(run, "run.json")).ToJson());
        Assert.Equal(DatasetTask.Vqa, cells[0].Run.Task);
    }

    [Fact]
    public void AKeyIsTheSameOnEveryMachineAndInEveryRunAndChangesWithAnySetting()
    {
        var keys = SweepCell.Of(Read(Grid)).Select(c => c.Key).ToList();

        // Fixed: these are the keys of this grid's cells on any machine (a change in how keys are made changes them, and
        // a sweep folder made before would no longer find its cells).
        Assert.Equal("3c7df757cdbd2a61", keys[0]);
        Assert.Equal("""
            {"run":{"data":"","device":"cpu","format":"builtin-real","method":"ln","model":"medpeft-base","peft":{"adapter_size":64,"attention_kinds":["self","cross"],"attention_projections":["q","k","v","o"],"ia3_targets":["k","v","ffn"],"lora_alpha":32,"lora_dropout":0.1,"lora_rank":8,"lora_targets":["q","v"],"prefix_hidden":512,"prefix_tokens":10,"prompt_tokens":10},"question_language":"en","scope":null,"task":"vqa","template":null,"training":{"augment":false,"batch_size":16,"epochs":130,"eval_every":5,"eval_generate":false,"gradient_accumulation":1,"learning_rate":0.001,"log_every":20,"max_grad_norm":1,"max_steps":5,"metric":"val_loss","patience":null,"save_every":5,"seed":1,"warmup_ratio":0.05,"weight_decay":0.05}},"threads":2}
            """, SweepCell.CanonicalOf(SweepCell.Of(Read(Grid))[0].Run, 2));
        // A setting added later leaves the keys of runs that do not use it as they were, and changes them when used.
        var first = SweepCell.Of(Read(Grid))[0].Run;
        var recomputed = first with { Training = first.Training with { GradientCheckpointing = true } };
        Assert.NotEqual(keys[0], new SweepCell(SweepCell.Of(Read(Grid))[0].Row, 1, 2, recomputed).Key);
        Assert.Contains("\"gradient_checkpointing\":true", SweepCell.CanonicalOf(recomputed, 2));
        // The grid's file elsewhere, its fields in another order: the same cells.
        var reordered = JsonNode.Parse(Grid)!.AsObject().OrderByDescending(f => f.Key).ToList();
        var moved = Read(new JsonObject(reordered.Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone()))).ToJsonString(), "elsewhere/grid.json");
        Assert.Equal(keys, SweepCell.Of(moved).Select(c => c.Key));
        // Any setting that decides a cell's numbers gives other keys.
        foreach (var (field, value) in new[] { ("steps", "6"), ("threads", "1"), ("budget", "\"standard\""), ("lr", """{"ln": [1e-3, 5e-3], "lora": [2e-3]}"""),
                     ("gradient_checkpointing", "true"), ("device", "\"cuda\"") })
        {
            var changed = SweepCell.Of(Read(With(field, value))).Select(c => c.Key).ToList();
            Assert.True(field == "lr" ? changed.Take(4).SequenceEqual(keys.Take(4)) && !changed.Skip(4).Intersect(keys).Any() : !changed.Intersect(keys).Any(), $"{field}: {string.Join(", ", changed)}");
        }
        // Fields added later, written at their off value: the keys of the grid without them.
        Assert.Equal(keys, SweepCell.Of(Read(With("gradient_checkpointing", "false"))).Select(c => c.Key));
        Assert.Equal(keys, SweepCell.Of(Read(With("device", "\"cpu\""))).Select(c => c.Key));
        // A seed added adds cells and keeps the others.
        var more = SweepCell.Of(Read(With("seeds", "[1, 2, 3]"))).Select(c => c.Key).ToList();
        Assert.Equal(9, more.Count);
        Assert.Empty(keys.Except(more));
    }

    [Fact]
    public void TheCanonicalJsonSortsFieldsAndDropsWhitespace()
    {
        Assert.Equal("""{"a":[2,{"x":1,"y":null}],"b":"s"}""", CanonicalJson.Of(JsonNode.Parse("""{ "b": "s", "a": [2, {"y": null, "x": 1}] }""")));
    }

    [Fact]
    public void DefaultsAreTwoThreadsFp32TheQuickBudgetAndNoFurtherTestSets()
    {
        var grid = Read(With("steps", null));
        Assert.Equal((2, Precision.Fp32, "quick", null), (grid.Threads, grid.Precision, grid.Budget.Name, grid.Steps));
        Assert.Empty(grid.EvalOn);
        Assert.All(SweepCell.Of(grid), c => Assert.Equal(120, c.Run.Training.MaxSteps));
    }

    [Fact]
    public void Bf16CellsTrainInBf16AndAreOtherCellsThanFp32Ones()
    {
        var fp32 = SweepCell.Of(Read(With("precision", "\"fp32\""))).ToList();
        var bf16 = SweepCell.Of(Read(With("precision", "\"bf16\""))).ToList();

        Assert.All(bf16, c => Assert.Equal(Precision.Bf16, c.Run.Training.Precision));
        Assert.Empty(fp32.Select(c => c.Key).Intersect(bf16.Select(c => c.Key)));
    }

    [Theory]
    [InlineData("model", null, "field 'model' is missing; expected a string")]
    [InlineData("model", "3", "field 'model' has value 3, expected a string")]
    [InlineData("model", "\"no-such-model\"", "field 'model' is 'no-such-model', no such folder")]
    [InlineData("data", "\"builtin-real\"", "field 'data' has value \"builtin-real\", expected an object")]
    [InlineData("data", """{"format": "nope"}""", "field 'data.format' is 'nope'; expected one of")]
    [InlineData("data", """{"format": "slake"}""", "field 'data.dir' is missing; the slake format needs the dataset folder")]
    [InlineData("data", """{"format": "slake", "dir": "missing"}""", "field 'data.dir' is 'missing', no such folder")]
    [InlineData("data", """{"format": "builtin-real", "folder": "x"}""", "field 'data.folder' is not a grid field")]
    [InlineData("task", "\"caption\"", "field 'task' is 'caption'; expected vqa or report")]
    [InlineData("methods", "[]", "field 'methods' is empty")]
    [InlineData("methods", "[\"ln\", 2]", "field 'methods[1]' has value 2, expected method or plan strings")]
    [InlineData("methods", "[\"ln\", \"dance\"]", "field 'methods[1]' 'dance': ")]
    [InlineData("methods", "[\"ln\", \"ln\"]", "field 'methods' names the plan 'ln' twice")]
    [InlineData("seeds", "[]", "field 'seeds' is empty")]
    [InlineData("seeds", "[1, 1]", "field 'seeds' names a seed twice")]
    [InlineData("seeds", "[1.5]", "field 'seeds[0]' has value 1.5, expected integers")]
    [InlineData("steps", "0", "field 'steps' is 0; expected a number of optimizer steps per cell of at least 1")]
    [InlineData("steps", "\"5\"", "field 'steps' has value \"5\", expected an integer")]
    [InlineData("budget", "\"huge\"", "field 'budget' is 'huge'; expected quick or standard")]
    [InlineData("lr", """{"ffn": [1e-4]}""", "field 'lr.ffn' names a method the grid does not train")]
    [InlineData("lr", """{"ln": []}""", "field 'lr.ln' has value [], expected a non-empty list of learning rates")]
    [InlineData("lr", """{"ln": [0.001, -1]}""", "field 'lr.ln[1]' is -1; expected a positive number")]
    [InlineData("lr", """{"ln": [0.001, 0.001]}""", "field 'lr.ln' names a learning rate twice")]
    [InlineData("precision", "\"fp16\"", "field 'precision' is 'fp16'; expected fp32 or bf16")]
    [InlineData("threads", "0", "field 'threads' is 0; expected an integer from 1 to 1024")]
    [InlineData("eval_on", """[{"format": "slake"}]""", "field 'eval_on[0].dir' is missing")]
    [InlineData("eval_on", """{"format": "slake"}""", "field 'eval_on' has value {\"format\":\"slake\"}, expected a list of objects with format and dir")]
    [InlineData("seed", "1", "field 'seed' is not a grid field")]
    [InlineData("gradient_checkpointing", "1", "field 'gradient_checkpointing' has value 1, expected true or false")]
    [InlineData("device", "\"tpu\"", "field 'device' is 'tpu'; expected cpu, cuda or cuda:N")]
    public void ABadFieldIsRefusedNamingTheFileAndTheField(string field, string? value, string expected)
    {
        var path = folder.File("grid.json");
        File.WriteAllText(path, With(field, value));

        var error = Assert.Throws<MedPeftException>(() => GridFile.Read(path));

        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"model\": ", "not valid JSON")]
    [InlineData("{\"model\": \"a\", \"model\": \"b\"}", "not valid JSON")]
    public void AFileThatIsNoGridObjectIsRefused(string text, string expected)
    {
        var path = folder.File("grid.json");
        File.WriteAllText(path, text);
        Assert.Contains(expected, Assert.Throws<MedPeftException>(() => GridFile.Read(path)).Message);
    }
}
