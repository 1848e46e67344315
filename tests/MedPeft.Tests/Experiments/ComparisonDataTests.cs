using MedPeft.Data.BuiltIn;
using MedPeft.Data.Datasets;
using MedPeft.Experiments;

namespace MedPeft.Tests.Experiments;

/// <summary>Which further test sets a comparison scores: the shipped out-of-distribution set by default, only with the shipped training set.</summary>
public sealed class ComparisonDataTests
{
    static ComparisonSpec Spec(string? data = null, string? format = null, IReadOnlyList<TestSet>? evalOn = null) =>
        new("medpeft-base", data, format, DatasetTask.Vqa, ["ln"], ComparisonBudget.Quick, 42, EvalOn: evalOn);

    [Fact]
    public void TheShippedSetComesWithItsOutOfDistributionSet()
    {
        var set = Assert.Single(ComparisonData.TestSets(Spec()));
        Assert.Equal(new TestSet("builtin-real-ood", "builtin-real-ood", ShippedDatasets.RealOod()), set);
        Assert.Equal(set, Assert.Single(ComparisonData.TestSets(Spec(format: "builtin-real"))));
        // It is a test-only set with questions of unseen subjects.
        Assert.NotEmpty(set.TestRows(DatasetTask.Vqa, 42));
    }

    [Fact]
    public void OtherDataHasNoneUnlessNamedAndNamedSetsReplaceTheDefault()
    {
        Assert.Empty(ComparisonData.TestSets(Spec(format: "builtin-synthetic")));
        Assert.Empty(ComparisonData.TestSets(Spec("/data/slake", "slake")));
        var named = new TestSet("other", "slake", "/data/other");
        Assert.Equal([named], ComparisonData.TestSets(Spec(evalOn: [named])));
    }
}
