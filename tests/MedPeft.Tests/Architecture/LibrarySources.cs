using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MedPeft.Tests.Architecture;

/// <summary>
/// The library's sources (<c>src/MedPeft</c>) compiled with Roslyn against the assemblies the tests run
/// with, so that every name can be resolved to the symbol it means.
/// </summary>
public sealed class LibrarySources
{
    public static readonly Lazy<LibrarySources> Instance = new(() => new LibrarySources());

    /// <summary>The folder <c>src/MedPeft</c> of the checkout the tests were built from.</summary>
    public string Root { get; }
    public CSharpCompilation Compilation { get; }

    // What the SDK's implicit usings add to the project (ImplicitUsings=enable).
    const string ImplicitUsings = "global using System; global using System.IO; global using System.Linq; global using System.Collections.Generic; " +
                                  "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    LibrarySources()
    {
        Root = Path.Combine(RepositoryRoot(), "src", "MedPeft");
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(Root, f)))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options, "ImplicitUsings.cs"));
        Compilation = CSharpCompilation.Create("MedPeft.Core.Sources", trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The top folder of a source file under <see cref="Root"/> ("" for files at the root).</summary>
    public string FolderOf(SyntaxTree tree)
    {
        var relative = Path.GetRelativePath(Root, tree.FilePath).Split(Path.DirectorySeparatorChar);
        return relative.Length > 1 ? relative[0] : "";
    }

    public IEnumerable<SyntaxTree> SourceTrees => Compilation.SyntaxTrees.Where(t => t.FilePath.StartsWith(Root, StringComparison.Ordinal));

    static bool IsBuildOutput(string relativePath) => relativePath.StartsWith("obj" + Path.DirectorySeparatorChar) || relativePath.StartsWith("bin" + Path.DirectorySeparatorChar);

    // The framework's assemblies and every assembly beside the tests but the library's own.
    static IEnumerable<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var beside = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is not ("MedPeft.Core.dll" or "medpeft.dll") && IsManaged(f));
        return platform.Concat(beside).DistinctBy(Path.GetFileName).Select(f => MetadataReference.CreateFromFile(f));
    }

    static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "MedPeft.slnx"))) return folder.FullName;
        throw new InvalidOperationException($"no MedPeft.slnx above {AppContext.BaseDirectory}: the architecture tests read the sources of the checkout");
    }
}
