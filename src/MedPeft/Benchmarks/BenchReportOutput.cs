using System.Globalization;
using System.Text.Json;
using MedPeft.Nn;

namespace MedPeft.Benchmarks;

/// <summary>Writes a <see cref="BenchReport"/> as an aligned table or as one JSON object (times in seconds, memory in bytes).</summary>
internal static class BenchReportOutput
{
    const double GiB = 1024.0 * 1024 * 1024;

    static void WriteTable(TextWriter output, BenchReport report)
    {
        output.WriteLine($"bench-methods {report.Model}: {report.Architecture}, {report.Parameters:N0} parameters; {report.Batch}");
        output.WriteLine($"A step is forward with labels, backward, AdamW step, zero_grad. Each method in its own process, {report.Rounds} interleaved " +
                         $"round(s) x {report.Steps} timed step(s) after {report.Warmup} warm-up step(s){(report.Threads is int t ? $"; {t} threads" : "")}.");
        output.WriteLine($"Processor: {report.Processor}; {Setting(report)}{(report.GradientCheckpointing ? "; gradient checkpointing on" : "")}.");
        output.WriteLine();
        var rows = report.Methods.Select(m => new[]
        {
            m.Method, $"{m.TrainablePercent:0.000}%", $"{m.TrainableParameters:N0}", Bytes(m.OptimizerStateBytes), Gib(m.PeakRssBytes),
            Ratio(report.PeakRatio(m)), Planned(m), SecondsSpread(m.StepSeconds), Ratio(report.StepRatio(m)),
            $"{m.ForwardSeconds.Median:0.00} / {m.BackwardSeconds.Median:0.00} / {m.OptimizerSeconds.Median:0.00}",
        }).ToList();
        // A refused method's row: its predicted peak and the memory in the peak column, nothing measured.
        rows.AddRange(report.RefusedMethods.Select(r => new[]
        {
            r.Method, "refused", "", "", $"{Gib(r.PeakBytes)} > {Gib(r.MemoryBytes)} (plan)", "", Gib(r.PeakBytes), "", "", "",
        }));
        WriteAligned(output, new[] { "method", "trainable", "(count)", "optimizer state", "peak RSS GiB", "/full", "plan GiB (vs RSS)", "step s (min-max)", "/full", "fwd / bwd / opt s" }, rows);
        output.WriteLine();
        output.WriteLine("plans: " + string.Join("; ", report.Methods.Select(m => $"{m.Method} = {m.Plan}").Concat(report.RefusedMethods.Select(r => $"{r.Method} = {r.Plan}"))));
        foreach (var refused in report.RefusedMethods) output.WriteLine($"{refused.Method} refused, not run: {refused.Reason}");
        if (report.Anchor is null)
        {
            output.WriteLine("The anchor (HF transformers + PEFT on PyTorch) did not measure this model on this kind of processor; no anchor columns.");
            return;
        }
        output.WriteLine();
        output.WriteLine($"Against the anchor (HF transformers 4.40.2 + peft 0.11.1 on PyTorch 1.13.1, same batch, measured on a {report.Anchor.Processor}):");
        var anchorRows = report.Methods.Select(m => (Method: m, Anchor: report.AnchorFor(m))).Where(r => r.Anchor is not null).Select(r => new[]
        {
            r.Method.Method, r.Anchor!.Description, $"{r.Anchor.TrainablePercent:0.###}%", SecondsSpread(new Spread(r.Anchor.MedianSeconds, r.Anchor.MinSeconds, r.Anchor.MaxSeconds)),
            SecondsSpread(r.Method.StepSeconds), Ratio(report.AnchorRatio(r.Method)), $"{r.Anchor.PeakRssGiB:0.00}", Gib(r.Method.PeakRssBytes),
            Ratio(r.Method.PeakRssBytes / GiB / r.Anchor.PeakRssGiB),
        }).ToList();
        WriteAligned(output, new[] { "method", "anchor's method", "trainable", "anchor step s", "our step s", "ours/anchor", "anchor peak GiB", "our peak GiB", "ours/anchor" }, anchorRows);
    }

    /// <summary>"linear layers on oneDNN (...); fp32", or with bf16 where its products ran.</summary>
    static string Setting(BenchReport report) => $"linear layers on {report.LinearKernel}; " +
        (report.Precision == Precision.Bf16 ? $"bf16 weights, products {Bf16Products.Description}" : "fp32");

    /// <summary>
    /// Each report's table; with several (one per linear-layer kernel and precision), then each method's step and peak under
    /// every setting, as ratios to the first.
    /// </summary>
    public static void WriteTables(TextWriter output, IReadOnlyList<BenchReport> reports)
    {
        foreach (var report in reports)
        {
            WriteTable(output, report);
            output.WriteLine();
        }
        if (reports.Count < 2) return;
        var first = reports[0];
        output.WriteLine("Settings side by side (measured in this run, rounds interleaved); ratios to [1]:");
        var header = new[] { "method" }.Concat(reports.SelectMany((r, k) => k == 0
            ? new[] { $"step s [{k + 1}]", $"peak GiB [{k + 1}]" }
            : new[] { $"step s [{k + 1}]", "ratio", $"peak GiB [{k + 1}]", "ratio" })).ToArray();
        // The methods measured under every setting (a method can be refused under one precision and run under another).
        var rows = first.Methods.Where(method => reports.All(r => r.Methods.Any(m => m.Method == method.Method))).Select(method => new[] { method.Method }.Concat(reports.SelectMany((r, k) =>
        {
            var m = r.Methods.Single(x => x.Method == method.Method);
            var cells = new List<string> { $"{m.StepSeconds.Median:0.00}" };
            if (k > 0) cells.Add(Ratio(m.StepSeconds.Median / method.StepSeconds.Median));
            cells.Add(Gib(m.PeakRssBytes));
            if (k > 0) cells.Add(Ratio(m.PeakRssBytes / (double?)method.PeakRssBytes));
            return cells;
        })).ToArray()).ToList();
        WriteAligned(output, header, rows);
        for (int k = 0; k < reports.Count; k++) output.WriteLine($"  [{k + 1}] {Setting(reports[k])}");
    }

    /// <summary>One report as a JSON object; several (one per linear-layer kernel and precision) as <c>{"runs": [...]}</c>.</summary>
    public static void WriteJson(TextWriter output, IReadOnlyList<BenchReport> reports)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            if (reports.Count == 1) WriteReport(json, reports[0]);
            else
            {
                json.WriteStartObject();
                json.WriteStartArray("runs");
                foreach (var report in reports) WriteReport(json, report);
                json.WriteEndArray();
                json.WriteEndObject();
            }
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    static void WriteReport(Utf8JsonWriter json, BenchReport report)
    {
        json.WriteStartObject();
        json.WriteString("model", report.Model);
        json.WriteString("architecture", report.Architecture);
        json.WriteNumber("parameters", report.Parameters);
        json.WriteString("batch", report.Batch);
        json.WriteString("processor", report.Processor);
        json.WriteString("linear_kernel", report.LinearKernel);
        json.WriteBoolean("gradient_checkpointing", report.GradientCheckpointing);
        json.WriteString("precision", report.Precision.Name());
        if (report.Precision == Precision.Bf16) json.WriteString("bf16_products", Bf16Products.Description);
        if (report.Anchor is not null) json.WriteString("anchor_processor", report.Anchor.Processor);
        WriteNumberOrNull(json, "threads", report.Threads);
        json.WriteNumber("warmup", report.Warmup);
        json.WriteNumber("steps", report.Steps);
        json.WriteNumber("rounds", report.Rounds);
        json.WriteStartArray("methods");
        foreach (var m in report.Methods) WriteMethod(json, report, m);
        foreach (var r in report.RefusedMethods) WriteRefused(json, r);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static void WriteRefused(Utf8JsonWriter json, RefusedMethod r)
    {
        json.WriteStartObject();
        json.WriteString("method", r.Method);
        json.WriteString("plan", r.Plan);
        json.WriteBoolean("refused", true);
        json.WriteNumber("peak_bytes", r.PeakBytes);
        json.WriteNumber("memory_bytes", r.MemoryBytes);
        json.WriteString("reason", r.Reason);
        json.WriteEndObject();
    }

    static void WriteMethod(Utf8JsonWriter json, BenchReport report, MethodSummary m)
    {
        json.WriteStartObject();
        json.WriteString("method", m.Method);
        json.WriteString("plan", m.Plan);
        json.WriteBoolean("refused", false);
        json.WriteNumber("trainable_parameters", m.TrainableParameters);
        json.WriteNumber("total_parameters", m.TotalParameters);
        json.WriteNumber("trainable_percent", m.TrainablePercent);
        json.WriteNumber("optimizer_state_bytes", m.OptimizerStateBytes);
        WriteNumberOrNull(json, "peak_rss_bytes", m.PeakRssBytes);
        WriteNumberOrNull(json, "planned_peak_bytes", m.PlannedPeakBytes);
        WriteSpread(json, "step_seconds", m.StepSeconds);
        json.WriteStartArray("step_times");
        foreach (var t in m.StepTimes) json.WriteNumberValue(t);
        json.WriteEndArray();
        WriteSpread(json, "forward_seconds", m.ForwardSeconds);
        WriteSpread(json, "backward_seconds", m.BackwardSeconds);
        WriteSpread(json, "optimizer_seconds", m.OptimizerSeconds);
        WriteNumberOrNull(json, "step_ratio_to_full", report.StepRatio(m));
        WriteNumberOrNull(json, "peak_ratio_to_full", report.PeakRatio(m));
        var anchor = report.AnchorFor(m);
        if (anchor is null) json.WriteNull("anchor");
        else
        {
            json.WriteStartObject("anchor");
            json.WriteString("description", anchor.Description);
            json.WriteNumber("trainable_percent", anchor.TrainablePercent);
            WriteSpread(json, "step_seconds", new Spread(anchor.MedianSeconds, anchor.MinSeconds, anchor.MaxSeconds));
            json.WriteNumber("peak_rss_bytes", (long)Math.Round(anchor.PeakRssGiB * GiB));
            json.WriteEndObject();
        }
        WriteNumberOrNull(json, "step_ratio_to_anchor", report.AnchorRatio(m));
        WriteNumberOrNull(json, "peak_ratio_to_anchor", anchor is null ? null : m.PeakRssBytes / GiB / anchor.PeakRssGiB);
        json.WriteEndObject();
    }

    static void WriteSpread(Utf8JsonWriter json, string name, Spread spread)
    {
        json.WriteStartObject(name);
        json.WriteNumber("median", spread.Median);
        json.WriteNumber("min", spread.Min);
        json.WriteNumber("max", spread.Max);
        json.WriteEndObject();
    }

    static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    static void WriteAligned(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        foreach (var row in rows) output.WriteLine(Line(row));
    }

    static string SecondsSpread(Spread s) => string.Create(CultureInfo.InvariantCulture, $"{s.Median:0.00} ({s.Min:0.00}-{s.Max:0.00})");

    static string Ratio(double? ratio) => ratio is double r ? string.Create(CultureInfo.InvariantCulture, $"{r:0.00}x") : "n/a";

    // The plan's peak and how far it is from the measured one, e.g. "1.76 (-3.6%)".
    static string Planned(MethodSummary m) => m.PlannedPeakBytes is long planned && m.PeakRssBytes is long measured && measured > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Gib(planned)} ({100.0 * (planned - measured) / measured:+0.0;-0.0}%)")
        : Gib(m.PlannedPeakBytes);

    static string Gib(long? bytes) => bytes is long b ? string.Create(CultureInfo.InvariantCulture, $"{b / GiB:0.00}") : "n/a";

    static string Bytes(long bytes) => bytes >= GiB / 10
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / GiB:0.00} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.00} MiB");
}
