using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Extensions;

namespace Nexus.Bench;

/// <summary>Percentiles BenchmarkDotNet does not give directly: sequential warm executions of a trivial handler
/// through the engine, timed one by one (<c>dotnet run -c Release -- --latency</c>).</summary>
internal static class LatencyProbe
{
    public static async Task RunAsync(int count)
    {
        var extensions = new ExtensionRegistry([new EchoExtension()], NullLogger<ExtensionRegistry>.Instance);
        await using var engine = new ExecutionEngine(new ExecutionOptions { MaxInstances = 1, MinInstances = 1 }, NullLogger<ExecutionEngine>.Instance, extensions);
        await MeasureAsync(engine, "return 1;", [], "trivial handler", count);
        await MeasureAsync(engine, "return await $ext.echo.back(1);", ["ext:echo"], "one awaited $ext call", count);
    }

    private static async Task MeasureAsync(ExecutionEngine engine, string handler, string[] capabilities, string label, int count)
    {
        var tool = new ToolSource("probe", handler);
        var compiled = await engine.CompileAsync(tool, CancellationToken.None);
        using var empty = JsonDocument.Parse("{}");
        var request = new ExecutionRequest("probe", tool.Name, compiled, new Dictionary<string, JsonElement>(), empty.RootElement.Clone(),
            empty.RootElement.Clone(), CapabilitySet.Effective(null, capabilities.Length == 0 ? null : capabilities), NoOpCallbacks.Instance);
        for (var i = 0; i < 500; i++) await engine.ExecuteAsync(request, CancellationToken.None);

        var wall = new double[count];
        var inSandbox = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await engine.ExecuteAsync(request, CancellationToken.None);
            wall[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            inSandbox[i] = result.Metrics.ExecutionTimeUs;
        }
        Array.Sort(wall);
        Array.Sort(inSandbox);
        Console.WriteLine($"{label}, {count} sequential executions through ExecutionEngine:");
        Console.WriteLine($"  end to end  p50 {wall[count / 2]:F1} us  p90 {wall[count * 9 / 10]:F1} us  p99 {wall[count * 99 / 100]:F1} us");
        Console.WriteLine($"  in sandbox  p50 {inSandbox[count / 2]:F1} us  p90 {inSandbox[count * 9 / 10]:F1} us  p99 {inSandbox[count * 99 / 100]:F1} us");
    }
}
