using System.Diagnostics;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// Runs a reader over fuzz cases: each case is written to a file and read; it must succeed or end in one
/// <see cref="MedPeftException"/> naming the file (or its dataset's folder). Any other exception, or a case over 10 s, fails with the
/// case's seed and mutation (enough to reproduce it). So does a case after which the process holds over 1 GiB more
/// memory than before it (a generous detector of a claimed size allocated unchecked, not a measure of use).
/// </summary>
public static class FuzzRun
{
    /// <summary>Counts of cases the reader accepted and refused.</summary>
    public sealed record Outcome(int Accepted, int Refused);

    /// <param name="named">What a refusal's message must name: by default the file itself; a dataset's folder for
    /// readers whose message may name another of its files (an image a damaged row points to).</param>
    public static Outcome Check(IEnumerable<FuzzCase> cases, string path, Action<string> read, string? named = null)
    {
        named ??= path;
        int accepted = 0, refused = 0;
        foreach (var fuzz in cases)
        {
            File.WriteAllBytes(path, fuzz.Bytes);
            long memory = WorkingSet();
            var clock = Stopwatch.StartNew();
            try
            {
                read(path);
                accepted++;
            }
            catch (MedPeftException e)
            {
                Assert.True(e.Message.Contains(named), $"case {fuzz.Seed} ({fuzz.Mutation}): the message does not name {named}: {e.Message}");
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {fuzz.Seed} ({fuzz.Mutation}) ended in {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"case {fuzz.Seed} ({fuzz.Mutation}) ran {clock.Elapsed.TotalSeconds:0.0} s");
            long grown = WorkingSet() - memory;
            Assert.True(grown < 1L << 30, $"case {fuzz.Seed} ({fuzz.Mutation}) grew memory by {grown >> 20} MiB");
        }
        return new Outcome(accepted, refused);
    }

    static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>Cases per reader: <c>MEDPEFT_FUZZ_CASES</c> for a long run, else 400.</summary>
    public static int Cases => int.TryParse(Environment.GetEnvironmentVariable("MEDPEFT_FUZZ_CASES"), out var cases) && cases > 0 ? cases : 400;
}
