using MedPeft.Models;
using MedPeft.Models.BuiltIn;

namespace MedPeft.Tests.Models;

/// <summary>Tests that point the per-user cache elsewhere run alone: the cache's location is process-wide.</summary>
[CollectionDefinition(nameof(CacheLocation), DisableParallelization = true)]
public sealed class CacheLocation;

/// <summary>Resolving <c>medpeft-base</c> finds the cached model or says it is not built; it never builds it.</summary>
[Collection(nameof(CacheLocation))]
public sealed class BaseModelResolutionTests
{
    [Fact]
    public void AnUnbuiltBaseModelIsAnErrorAndNothingIsBuilt()
    {
        using var cache = new TemporaryFolder();
        WithCache(cache.Path, () =>
        {
            var error = Assert.Throws<MedPeftException>(() => ModelSource.Resolve(BaseModel.Name));
            Assert.Contains("not built yet", error.Message);
            Assert.Contains("BaseModelBuilder.Ensure", error.Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Path, "*", SearchOption.AllDirectories));
        });
    }

    [Fact]
    public void ABuiltBaseModelResolvesToItsCacheFolder()
    {
        using var cache = new TemporaryFolder();
        WithCache(cache.Path, () =>
        {
            var folder = BaseModel.Folder(new BaseModelRecipe());
            Assert.StartsWith(cache.Path, folder);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, BaseModel.RecipeFile), "{}");

            Assert.Equal(folder, ModelSource.Resolve(BaseModel.Name));
        });
    }

    static void WithCache(string path, Action test)
    {
        var before = Environment.GetEnvironmentVariable("MEDPEFT_CACHE");
        Environment.SetEnvironmentVariable("MEDPEFT_CACHE", path);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable("MEDPEFT_CACHE", before);
        }
    }
}
