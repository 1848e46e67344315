namespace MedPeft.Data.Datasets;

/// <summary>
/// Where readers report problems. Strict (training): the first problem is thrown as a
/// <see cref="MedPeftException"/> naming file and row. Collecting (<c>data check</c>): every problem
/// is kept and reading goes on. Notes are facts worth knowing that do not make a set unusable.
/// </summary>
internal sealed class ProblemLog(bool strict)
{
    readonly List<DatasetProblem> problems = [];
    readonly List<DatasetProblem> notes = [];

    public bool Strict { get; } = strict;
    public IReadOnlyList<DatasetProblem> Problems => problems;
    public IReadOnlyList<DatasetProblem> Notes => notes;

    public void Add(ProblemKind kind, string file, string? location, string message)
    {
        var problem = new DatasetProblem(kind, file, location, message);
        if (Strict) throw new MedPeftException(problem.ToString());
        problems.Add(problem);
    }

    public void Note(string file, string? location, string message) => notes.Add(new DatasetProblem(ProblemKind.BadValue, file, location, message));
}
