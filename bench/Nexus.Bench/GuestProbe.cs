using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.JavaScript;
using Nexus.Kernel.Execution.Orchestration;

namespace Nexus.Bench;

/// <summary>
/// The guest entry in isolation, <c>dotnet run -c Release -- --guest [samples]</c>: the counter handler through the
/// whole <see cref="ExecutionEngine"/> with states of growing size (a one-key change each time), and the pages one
/// execution leaves differing from the snapshot (what the pristine reset copies back).
/// </summary>
internal static class GuestProbe
{
    private const string Handler = "$state.count = $state.count + 1; return $state.count;";

    public static async Task RunAsync(int samples)
    {
        await using var engine = new ExecutionEngine(new ExecutionOptions { MaxInstances = 1, MinInstances = 1 },
            NullLogger<ExecutionEngine>.Instance);
        var tool = new ToolSource("probe", Handler);
        var compiled = await engine.CompileAsync(tool, CancellationToken.None);
        Console.WriteLine($"counter handler through ExecutionEngine, median per execution ({samples} samples):");
        var figures = new Dictionary<string, double>();
        foreach (var bytes in new[] { 0, 1 << 10, 100 << 10, 1 << 20 })
        {
            var request = Request(compiled, tool.Name, State(bytes));
            var runs = bytes >= 100 << 10 ? Math.Max(20, samples / 20) : samples;
            var median = await MedianAsync(engine, request, runs);
            figures[$"state{bytes}Us"] = median;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  state {bytes,8} B  {median,10:F1} us"));
        }
        var pages = DifferingPages(compiled);
        figures["differingPages"] = pages;
        Console.WriteLine($"  pages differing from the snapshot after one execution: {pages}");
        Console.WriteLine("##nexus-bench " + JsonSerializer.Serialize(figures));
    }

    /// <summary><c>count</c> plus keys of ~1 KiB each up to <paramref name="bytes"/>.</summary>
    private static Dictionary<string, JsonElement> State(int bytes)
    {
        var state = new Dictionary<string, JsonElement> { ["count"] = Parse("1") };
        var filler = "\"" + new string('x', 1000) + "\"";
        for (var i = 0; i * 1024 < bytes; i++) state["k" + i.ToString(CultureInfo.InvariantCulture)] = Parse($"[{filler},{i}]");
        return state;
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static ExecutionRequest Request(CompiledTool compiled, string toolName, Dictionary<string, JsonElement> state) =>
        new("probe", toolName, compiled, state, Parse("{}"), Parse("{}"), CapabilitySet.Effective(null, null), NoOpCallbacks.Instance);

    private static async Task<double> MedianAsync(ExecutionEngine engine, ExecutionRequest request, int runs)
    {
        for (var i = 0; i < Math.Min(200, runs); i++) await engine.ExecuteAsync(request, CancellationToken.None);
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await engine.ExecuteAsync(request, CancellationToken.None);
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            if (result.Error is { } error) throw new InvalidOperationException(error.Code + ": " + error.Message);
        }
        return Timing.MedianOf(times);
    }

    /// <summary>One execution on a bare pristine sandbox with a minimal host that serves <c>count</c>.</summary>
    private static int DifferingPages(CompiledTool compiled)
    {
        var runtime = QuickJsRuntimes.Shared;
        var snapshot = runtime.Snapshot;
        using var sandbox = Sandbox.Restore(runtime, snapshot, 32L << 20);
        var bytecode = ((JavaScriptCompiledTool)compiled).Bytecode;
        var host = new CounterHost();
        var counts = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            sandbox.Attach(host);
            var handler = sandbox.LoadBytecode(bytecode);
            sandbox.InvokeWithValue(sandbox.Entry.Start, handler, """{"state":{"count":1},"args":{},"scope":{}}""");
            sandbox.DrainJobs();
            var step = sandbox.Invoke(sandbox.Entry.Step);
            sandbox.Detach();
            if (i == 0) Console.WriteLine($"  step {step}");
            counts.Add(sandbox.CountDifferingPages(snapshot));
            sandbox.Reset(snapshot);
        }
        return counts.Order().ElementAt(counts.Count / 2);
    }

    private sealed class CounterHost : IGuestHost
    {
        public string? OnHostCall(ReadOnlySpan<string> args) => args[0] == "r" ? "1" : "";

        public string OnMalformedText(string function, int index) => Sandbox.TerminatedSentinel;

        public bool ShouldInterrupt() => false;
    }
}
