using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MedPeft.Tests.Architecture;

/// <summary>
/// The library's folders are layers whose references point one way: the folder graph (from using
/// directives and every name the code resolves to a symbol) has no cycle, the low layers reference only
/// low layers, and the command line's vocabulary stays out of the library.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Folders that hold file formats, tensors, models, data and metrics: they know nothing of methods, tasks, runs or experiments.</summary>
    static readonly HashSet<string> LowLayers = ["", "IO", "Nn", "Data", "Models", "Evaluation", "Generation", "Runtime"];

    static LibrarySources Sources => LibrarySources.Instance.Value;

    [Fact]
    public void TheSourcesCompileSoThatEveryNameResolves()
    {
        var errors = Sources.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, "the architecture check would miss references: " + string.Join("\n", errors));
    }

    [Fact]
    public void NamespacesFollowFolders()
    {
        foreach (var tree in Sources.SourceTrees)
        {
            var folder = Path.GetDirectoryName(Path.GetRelativePath(Sources.Root, tree.FilePath))!;
            var expected = folder.Length == 0 ? "MedPeft" : "MedPeft." + folder.Replace(Path.DirectorySeparatorChar, '.');
            foreach (var declared in tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
                Assert.True(declared.Name.ToString() == expected, $"{tree.FilePath}: namespace {declared.Name}, expected {expected}");
        }
    }

    [Fact]
    public void TheFolderGraphHasNoCycle()
    {
        var graph = FolderGraph();
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"folders reference each other in a cycle: {string.Join(" -> ", cycle ?? [])}\n{Describe(graph)}");
    }

    [Fact]
    public void LowLayersReferenceOnlyLowLayers()
    {
        var graph = FolderGraph();
        var upward = graph.Where(e => LowLayers.Contains(e.Key.From) && !LowLayers.Contains(e.Key.To))
            .Select(e => $"{e.Key.From} -> {e.Key.To} ({e.Value})").ToList();
        Assert.True(upward.Count == 0, "low layers reference layers above them:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void TheFolderGraphFindsAReferenceThatIsThere()
    {
        // The check must be able to fail: Runs loads models, so it has an edge to Models.
        Assert.Contains(("Runs", "Models"), FolderGraph().Keys);
    }

    [Fact]
    public void NoStringInTheLibraryIsACommandLineFlag()
    {
        var flags = Sources.SourceTrees.SelectMany(tree => tree.GetRoot().DescendantNodes()
                .Where(n => n is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringExpressionSyntax)
                .Where(n => StartsWithFlag(n))
                .Select(n => $"{Path.GetRelativePath(Sources.Root, tree.FilePath)}:{n.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {n}"))
            .ToList();
        Assert.True(flags.Count == 0, "command-line flags belong to the tool; the library names settings:\n" + string.Join("\n", flags));
    }

    static bool StartsWithFlag(SyntaxNode literal) => literal switch
    {
        LiteralExpressionSyntax s => s.Token.ValueText.StartsWith("--", StringComparison.Ordinal) && s.Token.ValueText.Length > 2 && char.IsLetter(s.Token.ValueText[2]),
        InterpolatedStringExpressionSyntax i => i.Contents.FirstOrDefault() is InterpolatedStringTextSyntax text
                                                && text.TextToken.ValueText.StartsWith("--", StringComparison.Ordinal) && text.TextToken.ValueText.Length > 2 && char.IsLetter(text.TextToken.ValueText[2]),
        _ => false,
    };

    /// <summary>Edges between top folders, each with one place that makes it (file:line and the name).</summary>
    static Dictionary<(string From, string To), string> FolderGraph()
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var tree in Sources.SourceTrees)
        {
            var from = Sources.FolderOf(tree);
            var model = Sources.Compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().Where(n => n is SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax))
            {
                var info = model.GetSymbolInfo(node);
                if ((info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not { } symbol) continue;
                if (FolderOf(symbol) is not { } to || to == from) continue;
                edges.TryAdd((from, to), $"{Path.GetRelativePath(Sources.Root, tree.FilePath)}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1} {node}");
            }
        }
        return edges;
    }

    /// <summary>The top folder of the library that declares a symbol (by its namespace); null outside the library.</summary>
    static string? FolderOf(ISymbol symbol)
    {
        var ns = symbol as INamespaceSymbol ?? (symbol as ITypeSymbol ?? symbol.ContainingType)?.ContainingNamespace ?? symbol.ContainingNamespace;
        if (symbol is ITypeSymbol { OriginalDefinition: var definition }) ns = definition.ContainingNamespace;
        var name = ns?.ToDisplayString() ?? "";
        if (name == "MedPeft") return "";
        return name.StartsWith("MedPeft.", StringComparison.Ordinal) && symbol.ContainingAssembly?.Name != "medpeft" ? name.Split('.')[1] : null;
    }

    static List<string>? FindCycle(Dictionary<(string From, string To), string> graph)
    {
        var next = graph.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var state = new Dictionary<string, int>(); // 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(to) == 1) return [.. path.Skip(path.IndexOf(to)), to];
                if (state.GetValueOrDefault(to) == 0 && Visit(to) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        return next.Keys.Where(n => state.GetValueOrDefault(n) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    static string Describe(Dictionary<(string From, string To), string> graph) =>
        string.Join("\n", graph.OrderBy(e => e.Key).Select(e => $"  {e.Key.From} -> {e.Key.To}: {e.Value}"));
}
