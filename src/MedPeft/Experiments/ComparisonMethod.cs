namespace MedPeft.Experiments;

/// <summary>One method row of a comparison: a method (a plan string) trained with one peak learning rate.</summary>
/// <param name="Name">The row's name in the report: the method, or with several learning rates <c>method (lr 0.001)</c>.</param>
/// <param name="Method">The method or plan as the comparison names it (<c>ln</c>, <c>lora@decoder+ln@vision</c>).</param>
internal sealed record ComparisonMethod(string Name, string Method, double LearningRate);
