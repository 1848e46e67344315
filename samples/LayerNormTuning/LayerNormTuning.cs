using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Peft;
using MedPeft.Runs;
using MedPeft.Training;

namespace LayerNormTuningSample;

/// <summary>What <c>medpeft train --method ln</c> followed by <c>medpeft eval</c> do, as library calls.</summary>
public static class LayerNormTuning
{
    public static SplitScores Run(string model, string data, string format, string outFolder, TextWriter log, long steps = 200)
    {
        // 1. The run: LayerNorm tuning ("ln") of every component; AdamW with a learning rate for few parameters.
        var run = new RunSpec(model, data, format, DatasetTask.Vqa, Method: "ln", Scope: "all", Peft: new PeftOptions(),
            Training: new TrainingOptions { MaxSteps = steps, BatchSize = 16, LearningRate = 5e-3, EvalEvery = Math.Max(1, steps / 4) });

        // 2. Train. checkpoints/best and checkpoints/last are adapter folders: only the LayerNorm weights.
        var runFolder = Path.Combine(outFolder, "run");
        TrainingRun.Run(run, runFolder, resume: false, log);

        // 3. Answer every test question with the best adapter; predictions.jsonl and scores.json go to test/.
        var evaluation = new EvaluationSpec(model, Adapter: Path.Combine(runFolder, "checkpoints", "best"), data, format, DatasetTask.Vqa, DatasetSplit.Test);
        var (predictions, _) = EvaluationRun.Predict(evaluation);
        return EvaluationRun.ScoreAndWrite(evaluation, predictions, Path.Combine(outFolder, "test"));
    }
}
