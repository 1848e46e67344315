namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>How large a <c>builtin-synthetic</c> set to build. The defaults are sized for the built-in comparison job.</summary>
/// <param name="Images">Number of images (70% train, 10% validation, 20% test).</param>
/// <param name="QuestionsPerImage">Average questions per image: K-1 general ones for every image, two more about the lesions of an abnormal one.</param>
/// <param name="ImageSize">Width and height of the square images, in pixels.</param>
internal sealed record SyntheticOptions(long Seed = 42, int Images = 300, int QuestionsPerImage = 5, int ImageSize = 224)
{
    public const int MinImages = 10, MaxImages = 100_000, MinImageSize = 64, MaxImageSize = 1024, MaxQuestionsPerImage = 11;

    /// <summary>Throws an <see cref="InvalidSettingException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(Images is >= MinImages and <= MaxImages, nameof(Images), $"must be between {MinImages} and {MaxImages} (got {Images})");
        Require(QuestionsPerImage is >= 1 and <= MaxQuestionsPerImage, nameof(QuestionsPerImage), $"must be between 1 and {MaxQuestionsPerImage} (got {QuestionsPerImage})");
        Require(ImageSize is >= MinImageSize and <= MaxImageSize, nameof(ImageSize), $"must be between {MinImageSize} and {MaxImageSize} pixels (got {ImageSize})");
    }

    /// <summary>The name of a property as a setting, <c>SyntheticOptions.Property</c>.</summary>
    public static string Name(string property) => Setting.Name<SyntheticOptions>(property);

    static void Require(bool condition, string property, string problem) => Setting.Require(condition, Name(property), problem);
}
