using System.Text.Json;
using System.Text.Json.Serialization;
using MedPeft.Data.Datasets;
using MedPeft.IO;
using MedPeft.Peft;
using MedPeft.Training;

namespace MedPeft.Runs;

/// <summary>
/// Everything that defines a training run, kept as <c>run.json</c> in the run folder so that
/// <c>--resume</c> continues exactly the run that was started.
/// </summary>
public sealed record RunSpec(
    string Model, string Data, string Format, DatasetTask Task, string Method, string? Scope,
    PeftOptions Peft, TrainingOptions Training, string? Template = null, string QuestionLanguage = "en", string Device = "cpu")
{
    /// <summary>The name of the run description in a run folder.</summary>
    public const string FileName = "run.json";

    /// <summary>How run descriptions, and the files kept beside them (a sweep cell's status), are written and read.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // An enum by its name only: a number is a damaged file, not a task.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        // A field the description cannot be without, left out or null, is refused naming it.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Writes the description into <paramref name="runDirectory"/> as <see cref="FileName"/> (whole or not at all).</summary>
    public void Save(string runDirectory) => AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), ToJson());

    /// <summary>The description as <see cref="Save"/> writes it.</summary>
    internal string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The run description in a run folder (its <c>run.json</c>), to continue the run.</summary>
    public static RunSpec Load(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new MedPeftException($"{runDirectory}: no {FileName}; only the folder of a run that was started can be continued.");
        return Read(path);
    }

    /// <summary>Reads a run description file.</summary>
    public static RunSpec Read(string path)
    {
        if (!File.Exists(path)) throw new MedPeftException($"{path}: no such run description file.");
        RunSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<RunSpec>(File.ReadAllText(path), Json) ?? throw new JsonException("empty file");
        }
        catch (JsonException e)
        {
            throw new MedPeftException($"{path}: not a valid run description ({e.Message}).");
        }
        return spec.Checked(path);
    }

    /// <summary>This description as read from <paramref name="path"/>, checked: a setting out of range is refused naming the file and the field.</summary>
    RunSpec Checked(string path)
    {
        try
        {
            Training.Validated();
            _ = Plan;
        }
        catch (InvalidSettingException e)
        {
            throw new MedPeftException($"{path}: field '{FieldOf(e.Setting)}' {e.Problem}.");
        }
        PeftOptionsJson.Validated(Peft, path, "peft");
        return this;
    }

    static string FieldOf(string setting) =>
        setting == PeftPlan.MethodSetting ? "method"
        : setting == PeftPlan.ScopeSetting ? "scope"
        : "training." + JsonNamingPolicy.SnakeCaseLower.ConvertName(setting[(setting.IndexOf('.') + 1)..]);

    internal PeftPlan Plan => PeftPlan.Parse(Method, Scope);

    internal DatasetOptions DatasetOptions => new(Task, QuestionLanguage, Seed: Training.Seed);
}
