using MedPeft.Data.Datasets;

namespace MedPeft.Tasks;

/// <summary>Questions asked outside a dataset (one image each) as the rows a batch builder reads.</summary>
internal static class QuestionRows
{
    public static (IReadOnlyList<DatasetRow> Rows, IReadOnlyList<int> Indices) Of(IReadOnlyList<string?> questions)
    {
        if (questions.Count == 0) throw new MedPeftException("a batch needs at least one question.");
        var rows = questions.Select((question, i) => new DatasetRow($"question {i + 1}", DatasetSplit.Test, [], question, "", null)).ToList();
        return (rows, Enumerable.Range(0, rows.Count).ToList());
    }
}
