using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Cli;

/// <summary>What <c>--wordnet</c> means, said the same way by every command that scores reports.</summary>
static class WordNetOption
{
    public const string Description =
        "WordNet 3.0 folder for METEOR's synonyms (index.*, data.*, *.exc as Princeton's dict/ folder or Debian's wordnet-base has them). "
        + "Default: $" + WordNetDatabase.EnvironmentVariable + ", else the WordNet 3.0 shipped with MedPeft.";
}
