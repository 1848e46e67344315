using MedPeft.Data.Datasets;

namespace MedPeft.Tests.Data.Datasets;

public class ValidationSplitTests
{
    static List<DatasetRow> Rows(int images, int perImage) =>
        Enumerable.Range(0, images * perImage)
            .Select(i => new DatasetRow($"r{i}", DatasetSplit.Train, [$"/img/{i / perImage}.png"], "q?", "yes", AnswerType.Closed))
            .ToList();

    [Fact]
    public void CarvesTheFractionOfImagesWithAllTheirRows()
    {
        var (train, validation) = ValidationSplit.CarveByImage(Rows(50, 3), 0.1, 42);
        Assert.Equal(15, validation.Count); // 5 of 50 images, 3 rows each
        Assert.Equal(135, train.Count);
        var validationImages = validation.Select(r => r.ImagePaths[0]).ToHashSet();
        Assert.Equal(5, validationImages.Count);
        Assert.DoesNotContain(train, r => validationImages.Contains(r.ImagePaths[0]));
        Assert.All(validation, r => Assert.Equal(DatasetSplit.Validation, r.Split));
    }

    [Fact]
    public void DependsOnTheSeedNotOnTheRowOrder()
    {
        var rows = Rows(40, 2);
        var reversed = Enumerable.Reverse(rows).ToList();
        var a = ValidationSplit.CarveByImage(rows, 0.25, 7).Validation.Select(r => r.Id).Order();
        var b = ValidationSplit.CarveByImage(reversed, 0.25, 7).Validation.Select(r => r.Id).Order();
        var c = ValidationSplit.CarveByImage(rows, 0.25, 8).Validation.Select(r => r.Id).Order();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void AnswerNormalisationDecidesClosedQuestions()
    {
        Assert.Equal("yes", AnswerTypes.Normalize("  Yes. "));
        Assert.Equal("left lobe", AnswerTypes.Normalize("Left   Lobe"));
        Assert.Equal(AnswerType.Closed, AnswerTypes.FromAnswer("NO"));
        Assert.Equal(AnswerType.Open, AnswerTypes.FromAnswer("yes, left"));
        Assert.Equal(AnswerType.Closed, AnswerTypes.ParseDeclared(" closed "));
        Assert.Null(AnswerTypes.ParseDeclared("OPEN-ENDED"));
    }
}
