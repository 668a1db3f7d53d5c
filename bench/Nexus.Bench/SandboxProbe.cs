using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.JavaScript;
using Nexus.Kernel.Execution.Orchestration;

namespace Nexus.Bench;

/// <summary>
/// Quick figures (no BenchmarkDotNet) for the proof run, <c>dotnet run -c Release -- --sandbox [samples]</c>: the
/// counter handler (<c>$state.count = $state.count + 1; return $state.count;</c>) as a plain C# call over the same
/// JSON, on a warm sandbox (no reset, not pristine), on a pristine sandbox (reset in place, the kernel's path), on a
/// new instance restored from the snapshot, and through the whole <see cref="ExecutionEngine"/>. Medians of timed
/// batches; the last line is <c>##nexus-bench {json}</c> for the orchestrator.
/// </summary>
internal static class SandboxProbe
{
    private const string Handler = "$state.count = $state.count + 1; return $state.count;";
    private const string Input = """{"state":{"count":1},"args":{},"scope":{}}""";

    public static async Task RunAsync(int samples)
    {
        var runtime = QuickJsRuntimes.Shared;
        var snapshot = runtime.Snapshot;
        using var sandbox = Sandbox.Restore(runtime, snapshot, 32L << 20);
        var bytecode = sandbox.Compile(JavaScriptPrelude.Wrap(Handler), "handler", out _)!;
        sandbox.Reset(snapshot);
        using var reused = Sandbox.Restore(runtime, snapshot, 32L << 20); // never reset: its heap and memory grow

        var plain = Timing.Median(() => PlainCall(Input), batch: 1000, samples);
        var warm = Timing.Median(() => Execute(reused, bytecode), batch: 10, samples);
        var pristine = Timing.Median(() => { Execute(sandbox, bytecode); sandbox.Reset(snapshot); }, batch: 10, samples);
        var fresh = Timing.Median(() => { using var s = Sandbox.Restore(runtime, snapshot, 32L << 20); Execute(s, bytecode); }, batch: 1, Math.Max(20, samples / 10));
        var engine = await EngineMedianAsync(samples);

        Console.WriteLine($"counter handler, median per execution ({samples} samples):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  plain C# call   {plain,10:F3} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm sandbox    {warm,10:F3} us (no reset: not pristine)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pristine        {pristine,10:F3} us (execute + reset in place)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  new instance    {fresh,10:F3} us (restore snapshot + execute)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  engine          {engine,10:F3} us (ExecutionEngine, worker hop + batch)"));
        Console.WriteLine("##nexus-bench " + JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["plainUs"] = plain, ["warmUs"] = warm, ["pristineUs"] = pristine, ["newInstanceUs"] = fresh, ["engineUs"] = engine,
        }));
    }

    /// <summary>What the handler does, as ordinary .NET code: read the JSON input, add one, write the mutation.</summary>
    private static string PlainCall(string input)
    {
        using var document = JsonDocument.Parse(input);
        var count = document.RootElement.GetProperty("state").GetProperty("count").GetInt64() + 1;
        return string.Create(CultureInfo.InvariantCulture, $$"""{"value":{{count}},"mutations":[{"op":"set","key":"count","value":{{count}}}]}""");
    }

    private static void Execute(Sandbox sandbox, byte[] bytecode) => sandbox.RunDetached(bytecode, Input);

    private static async Task<double> EngineMedianAsync(int samples)
    {
        await using var engine = new ExecutionEngine(new ExecutionOptions { MaxInstances = 1, MinInstances = 1 }, NullLogger<ExecutionEngine>.Instance);
        var tool = new ToolSource("probe", Handler);
        var compiled = await engine.CompileAsync(tool, CancellationToken.None);
        using var empty = JsonDocument.Parse("{}");
        var state = new Dictionary<string, JsonElement> { ["count"] = JsonDocument.Parse("1").RootElement.Clone() };
        var request = new ExecutionRequest("probe", tool.Name, compiled, state, empty.RootElement.Clone(), empty.RootElement.Clone(),
            CapabilitySet.Effective(null, null), NoOpCallbacks.Instance);
        for (var i = 0; i < 200; i++) await engine.ExecuteAsync(request, CancellationToken.None);
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await engine.ExecuteAsync(request, CancellationToken.None);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        return Timing.MedianOf(times);
    }
}
