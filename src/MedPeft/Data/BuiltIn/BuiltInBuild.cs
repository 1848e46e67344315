namespace MedPeft.Data.BuiltIn;

/// <summary>What a build of a built-in dataset produced.</summary>
internal sealed record BuiltInBuild(DatasetManifest Manifest, IReadOnlyDictionary<string, int> ImagesPerSplit, DatasetStatistics Statistics);
