namespace MedPeft.Training;

/// <summary>
/// What a run cost and reached: parameters, peak memory (process peak RSS), time per optimizer step,
/// throughput, wall time, and the validation values of the last and best evaluations.
/// </summary>
public sealed record TrainingSummary(
    string Method, long TrainableParameters, long TotalParameters, double TrainablePercent, long? PeakMemoryBytes,
    double MeanStepSeconds, double MedianStepSeconds, double SamplesPerSecond, double WallSeconds, long Steps, double Epochs,
    bool StoppedEarly, long? BestStep, double? BestMetric, string Metric, IReadOnlyDictionary<string, double?> LastEvaluation);
