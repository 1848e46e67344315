using MedPeft.Data.Datasets;
using MedPeft.Experiments;
using MedPeft.Nn;
using MedPeft.Sweeps;

namespace MedPeft.Tests.Sweeps;

/// <summary>A comparison as a preset grid: its cells are the runs the comparison trains, with its threads.</summary>
public sealed class ComparisonGridTests
{
    [Fact]
    public void EveryMethodRowAndSeedIsACellOfTheRunTheComparisonTrains()
    {
        using var folder = new TemporaryFolder();
        var data = folder.File("data");
        Directory.CreateDirectory(data);
        var spec = new ComparisonSpec("medpeft-base", data, "builtin-synthetic", DatasetTask.Vqa, ["ln", "lora@decoder+ln@vision"], ComparisonBudget.Standard, 7,
            Device: "CPU", Steps: 9, Seeds: [7, 8], LearningRates: new Dictionary<string, IReadOnlyList<double>> { ["ln"] = [1e-3, 2e-3] },
            GradientCheckpointing: true, Precision: Precision.Bf16);

        var cells = SweepCell.Of(ComparisonGrid.Grid(spec, threads: 3));

        var expected = spec.Rows.SelectMany(row => spec.RunSeeds.Select(seed => (row, seed))).ToList();
        Assert.Equal(expected.Select(e => (e.row, e.seed)), cells.Select(c => (c.Row, c.Seed)));
        foreach (var (cell, (row, seed)) in cells.Zip(expected))
        {
            Assert.Equal(spec.RunOf(row, seed, "medpeft-base", data, "builtin-synthetic").ToJson(), cell.Run.ToJson());
            Assert.Equal(3, cell.Threads);
        }
        // The device as it was given (train takes any case).
        Assert.All(cells, c => Assert.Equal("CPU", c.Run.Device));
    }

    [Fact]
    public void TheDefaultComparisonIsAGridOfTheShippedDataWithTheDefaultFurtherTestSet()
    {
        var spec = new ComparisonSpec("medpeft-base", null, null, DatasetTask.Vqa, ComparisonSpec.DefaultMethods, ComparisonBudget.Quick, 42);

        var grid = ComparisonGrid.Grid(spec, threads: 2);

        Assert.Equal(("builtin-real", null), (grid.Format, grid.Data));
        Assert.Empty(grid.EvalOn);
        // The grid's comparison scores the sets the comparison scores.
        Assert.Equal(ComparisonData.TestSets(spec), ComparisonData.TestSets(grid.Comparison));
        Assert.Equal(ComparisonSpec.DefaultMethods.Count, SweepCell.Of(grid).Count);
    }
}
