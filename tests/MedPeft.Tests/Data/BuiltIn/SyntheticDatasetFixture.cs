using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Tests.Data.BuiltIn;

/// <summary>One small builtin-synthetic set, built once and shared by the tests that only read it.</summary>
public sealed class SyntheticDatasetFixture : IDisposable
{
    internal static readonly SyntheticOptions Options = new(Seed: 7, Images: 120, QuestionsPerImage: 5, ImageSize: 160);

    public string Root { get; } = System.IO.Directory.CreateTempSubdirectory("medpeft-synth-").FullName;
    public string Directory => Path.Combine(Root, "set");

    public SyntheticDatasetFixture() => SyntheticDatasetBuilder.Build(Directory, Options);

    public void Dispose() => System.IO.Directory.Delete(Root, recursive: true);
}
