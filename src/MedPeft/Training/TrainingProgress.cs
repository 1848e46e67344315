using System.Globalization;

namespace MedPeft.Training;

/// <summary>
/// Progress of a run: on a terminal a single line redrawn in place (bar, loss, lr, step time, ETA);
/// when the output is redirected or <c>CI</c> is set, a plain line every few steps.
/// </summary>
internal sealed class TrainingProgress(TextWriter output, bool interactive, long totalSteps, long logEvery)
{
    bool lineOpen;

    public static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public void Step(long step, double epoch, double loss, double learningRate, double stepSeconds, double meanStepSeconds)
    {
        var eta = TimeSpan.FromSeconds(meanStepSeconds * (totalSteps - step));
        var text = string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{totalSteps} epoch {epoch:0.00} loss {loss:0.0000} lr {learningRate:0.00e+00} {stepSeconds:0.000}s/step ETA {eta:hh\\:mm\\:ss}");
        if (interactive)
        {
            int width = 24, filled = (int)(width * step / Math.Max(1, totalSteps));
            output.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {text}   ");
            lineOpen = true;
        }
        else if (step % logEvery == 0 || step == totalSteps)
            output.WriteLine(text);
    }

    /// <summary>A message on its own line (an evaluation, a checkpoint).</summary>
    public void Note(string message)
    {
        if (lineOpen) output.WriteLine();
        lineOpen = false;
        output.WriteLine(message);
    }
}
