using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tasks;

/// <summary>Runs a task model over a split: its mean loss, or its generated answers or reports as prediction records.</summary>
internal static class TaskEvaluator
{
    /// <summary>Mean loss over the split's batches (no augmentation, no gradient).</summary>
    public static double Loss(ITaskModel task, IReadOnlyList<DatasetRow> rows, int batchSize)
    {
        using var noGrad = torch.no_grad();
        double total = 0;
        int count = 0;
        foreach (var indices in Batches(rows.Count, batchSize))
        {
            using var scope = NewDisposeScope();
            total += task.Loss(rows, indices, 0, augment: false).item<float>() * indices.Length;
            count += indices.Length;
        }
        return total / count;
    }

    /// <summary>One prediction record per row, in the split's order.</summary>
    public static List<PredictionRecord> Predict(ITaskModel task, IReadOnlyList<DatasetRow> rows, int batchSize, GenerationSettings settings)
    {
        var records = new List<PredictionRecord>(rows.Count);
        foreach (var indices in Batches(rows.Count, batchSize))
        {
            var texts = task.Generate(rows, indices, settings);
            for (int i = 0; i < indices.Length; i++)
            {
                var row = rows[indices[i]];
                records.Add(new PredictionRecord(row.Id, texts[i], new[] { row.Answer },
                    row.AnswerType is { } type ? (type == AnswerType.Closed ? "CLOSED" : "OPEN") : null,
                    row.Question, row.QuestionType, row.ImagePaths));
            }
        }
        return records;
    }

    static IEnumerable<int[]> Batches(int count, int batchSize)
    {
        for (int start = 0; start < count; start += batchSize)
            yield return Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray();
    }
}
