using MedPeft.Sweeps;

namespace MedPeft.Tests.Sweeps;

/// <summary>How many cells the local launcher trains at once: what is asked for, capped by the cores and by the cells that fit in the memory available.</summary>
public sealed class LocalParallelismTests
{
    const long GiB = 1L << 30;

    [Fact]
    public void WhatIsAskedForWhenTheCoresAndTheMemoryHoldIt()
    {
        Assert.Equal((2, (string?)null), LocalParallelism.Of(2, cores: 2, availableBytes: 20 * GiB, cellPeakBytes: 2 * GiB));
        // Exactly enough memory for two cells.
        Assert.Equal((2, (string?)null), LocalParallelism.Of(2, cores: 4, availableBytes: 4 * GiB, cellPeakBytes: 2 * GiB));
    }

    [Fact]
    public void TheCoresCapIt()
    {
        Assert.Equal((2, "2 cores"), LocalParallelism.Of(4, cores: 2, availableBytes: 20 * GiB, cellPeakBytes: 2 * GiB));
    }

    [Fact]
    public void TheMemoryAvailableCapsItAtTheCellsThatFitAtThePlannedPeak()
    {
        // 3.1 GiB hold one cell of 2.4 GiB, not two.
        Assert.Equal((1, "3.1 GiB available, a cell needs 2.4 GiB"),
            LocalParallelism.Of(4, cores: 8, availableBytes: (long)(3.1 * GiB), cellPeakBytes: (long)(2.4 * GiB)));
        Assert.Equal((3, "7.5 GiB available, a cell needs 2.5 GiB"),
            LocalParallelism.Of(4, cores: 8, availableBytes: (long)(7.5 * GiB), cellPeakBytes: (long)(2.5 * GiB)));
    }

    [Fact]
    public void OneCellRunsEvenWhenTheMemoryHoldsNone()
    {
        Assert.Equal((1, "1.0 GiB available, a cell needs 2.0 GiB"), LocalParallelism.Of(2, cores: 8, availableBytes: GiB, cellPeakBytes: 2 * GiB));
    }

    [Fact]
    public void TheTighterBoundNamesTheReason()
    {
        // Memory for three cells, two cores: the cores.
        Assert.Equal((2, "2 cores"), LocalParallelism.Of(4, cores: 2, availableBytes: 6 * GiB, cellPeakBytes: 2 * GiB));
        // Memory for one cell, two cores: the memory.
        Assert.Equal((1, "2.0 GiB available, a cell needs 2.0 GiB"), LocalParallelism.Of(4, cores: 2, availableBytes: 2 * GiB, cellPeakBytes: 2 * GiB));
    }
}
