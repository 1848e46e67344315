using MedPeft.Peft;
using MedPeft.Tests.Peft;
using MedPeft.Training;

namespace MedPeft.Tests.Training;

/// <summary>Whatever moment a kill interrupts a checkpoint write at, a complete checkpoint remains.</summary>
public class CheckpointStoreTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    (CheckpointStore Store, PeftModel Peft, AdamW Optimizer) Saved(long step)
    {
        var tiny = TinyModel.Load("llava");
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse("ln"), new PeftOptions());
        var optimizer = new AdamW(peft.Optimized, new AdamW.Settings(1e-3));
        var store = new CheckpointStore(folder.Path);
        store.Save(CheckpointStore.Last, peft, optimizer, TrainingState.Start with { Step = step }, "llava");
        return (store, peft, optimizer);
    }

    static long StepOf(CheckpointStore store) => CheckpointStore.ReadState(store.Find(CheckpointStore.Last)!).Step;

    [Fact]
    public void AHalfWrittenNewCheckpointIsIgnored()
    {
        var (store, _, _) = Saved(3);
        // Killed while filling the temporary folder of the next checkpoint.
        var partial = Path.Combine(store.Directory, ".last.new.123.abc.tmp");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "adapter_model.safetensors"), "cut");

        Assert.Equal(3, StepOf(store));
    }

    [Fact]
    public void KilledBetweenTheTwoRenamesTheNewCheckpointIsUsed()
    {
        var (store, peft, optimizer) = Saved(3);
        store.Save(CheckpointStore.Last, peft, optimizer, TrainingState.Start with { Step = 4 }, "llava");
        // The state after 'last' became 'last.old' and before 'last.new' became 'last'.
        var last = Path.Combine(store.Directory, CheckpointStore.Last);
        Directory.Move(last, last + ".new");
        Directory.CreateDirectory(last + ".old");

        Assert.Equal(4, StepOf(store));
        var fresh = PeftModel.Apply(TinyModel.Load("llava").Model, PeftPlan.Parse("ln"), new PeftOptions());
        AdapterFiles.LoadTensors(fresh.Trainable, Path.Combine(store.Find(CheckpointStore.Last)!, AdapterFiles.WeightsFile));
    }

    [Fact]
    public void KilledAfterMovingTheOldCheckpointAsideTheOldOneIsUsed()
    {
        var (store, _, _) = Saved(5);
        var last = Path.Combine(store.Directory, CheckpointStore.Last);
        Directory.Move(last, last + ".old");

        Assert.Equal(5, StepOf(store));
    }
}
