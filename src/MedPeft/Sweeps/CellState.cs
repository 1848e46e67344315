namespace MedPeft.Sweeps;

/// <summary>Where a sweep's cell stands.</summary>
internal enum CellState
{
    /// <summary>Not trained yet, or stopped and waiting to be resumed by the next <c>sweep run</c>.</summary>
    Pending,
    /// <summary>Its training runs now.</summary>
    Running,
    /// <summary>Trained to its end: its run folder holds the training summary.</summary>
    Done,
    /// <summary>Its training ended in an error (the reason and its log say which); the next <c>sweep run</c> tries it again.</summary>
    Failed,
}
