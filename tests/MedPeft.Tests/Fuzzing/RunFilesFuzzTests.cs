using System.Text;
using MedPeft.Evaluation;
using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The files of a run folder under seeded mutations (<see cref="FuzzRun"/>): <c>run.json</c>, a checkpoint's
/// <c>trainer_state.json</c>, <c>metrics.jsonl</c> as a resumed run truncates it, and a predictions file as
/// <c>medpeft score</c> reads it. Every case reads, or ends in one <see cref="MedPeftException"/> naming the file.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class RunFilesFuzzTests
{
    [Fact]
    public void EveryMutatedRunDescriptionReadsOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        RunSpec.Read(TestData.Path("adapters-v1", "run", RunSpec.FileName)).Save(folder.Path);
        var corpus = new[] { File.ReadAllBytes(TestData.Path("adapters-v1", "run", RunSpec.FileName)), File.ReadAllBytes(folder.File(RunSpec.FileName)) };

        var outcome = FuzzRun.Check(MutationFuzzer.Cases(corpus, FuzzRun.Cases, seed: 18_900, FuzzCorpus.WholeFile),
            folder.File("case.json"), path => RunSpec.Read(path));

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }

    [Fact]
    public void EveryMutatedTrainerStateReadsOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        var corpus = new[]
        {
            """{"step": 12, "best_metric": 0.6931, "best_step": 10, "evaluations_without_improvement": 1, "training_seconds": 3.25, "finished": false}""",
            """{"step": 0, "best_metric": null, "best_step": null, "evaluations_without_improvement": 0, "training_seconds": 0, "finished": true}""",
        };

        var outcome = FuzzRun.Check(MutationFuzzer.Cases(corpus.Select(Encoding.UTF8.GetBytes).ToList(), FuzzRun.Cases, seed: 18_950, FuzzCorpus.WholeFile),
            Path.Combine(folder.Path, "trainer_state.json"), _ => CheckpointStore.ReadState(folder.Path));

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }

    [Fact]
    public void EveryMutatedPredictionsFileReadsOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        var corpus = new[]
        {
            """
            {"id": "q1", "prediction": "yes", "reference": "yes", "answer_type": "CLOSED", "question": "Is there a nodule?", "question_type": "presence", "image": "img/a.png"}
            {"id": 2, "prediction": "right upper lobe", "reference": ["right upper lobe", "rul"], "answer_type": "OPEN", "image": ["img/a.png", "img/b.png"]}

            {"id": "q3", "prediction": "no", "reference": "no", "answer_type": "CLOSED"}
            """,
        };

        var outcome = FuzzRun.Check(MutationFuzzer.Cases(corpus.Select(Encoding.UTF8.GetBytes).ToList(), FuzzRun.Cases, seed: 18_980, FuzzCorpus.FirstLine),
            folder.File("predictions.jsonl"), path => PredictionsFile.ReadVqa(path));

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }

    [Fact]
    public void EveryMutatedMetricsLogTruncatesOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        var corpus = new[]
        {
            """
            {"type":"train","step":10,"epoch":0.5,"loss":2.31,"lr":0.001,"grad_norm":1.7,"seconds":0.4}
            {"type":"eval","step":20,"epoch":1,"best":true,"val_loss":2.05,"closed_accuracy":null}
            {"type":"train","step":30,"epoch":1.5,"loss":1.98,"lr":0.0009,"grad_norm":1.2,"seconds":0.4}
            {"type":"summary","steps":30,"trainable_parameters":8960}

            """,
        };

        var outcome = FuzzRun.Check(MutationFuzzer.Cases(corpus.Select(Encoding.UTF8.GetBytes).ToList(), FuzzRun.Cases, seed: 18_970, FuzzCorpus.FirstLine),
            folder.File("metrics.jsonl"), path => new MetricsLog(path).TruncateAfter(20));

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }
}
