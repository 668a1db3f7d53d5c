using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;

namespace Nexus.Bench;

/// <summary>A warm execution of a trivial handler through the whole engine (worker hop, reset, batch).</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private ExecutionEngine _engine = null!;
    private ExecutionRequest _trivial = null!;
    private ExecutionRequest _counter = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _engine = new ExecutionEngine(new ExecutionOptions { MaxInstances = 1, MinInstances = 1 }, NullLogger<ExecutionEngine>.Instance);
        _trivial = await RequestAsync("return 1;");
        _counter = await RequestAsync("$state.count = ($state.count ?? 0) + 1; return $state.count;");
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _engine.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task TrivialHandler() => _engine.ExecuteAsync(_trivial, CancellationToken.None);

    [Benchmark]
    public Task CounterHandlerWithCommit() => _engine.ExecuteAsync(_counter, CancellationToken.None);

    private async Task<ExecutionRequest> RequestAsync(string handler)
    {
        var tool = new ToolSource("bench", handler);
        var compiled = await _engine.CompileAsync(tool, CancellationToken.None);
        var state = new Dictionary<string, JsonElement> { ["count"] = JsonDocument.Parse("1").RootElement.Clone() };
        using var empty = JsonDocument.Parse("{}");
        return new ExecutionRequest("bench", tool.Name, compiled, state, empty.RootElement.Clone(), empty.RootElement.Clone(),
            CapabilitySet.Effective(null, null), NoOpCallbacks.Instance);
    }
}

internal sealed class NoOpCallbacks : IExecutionCallbacks
{
    public static readonly NoOpCallbacks Instance = new();

    public ValueTask<long> CommitAsync(ExecutionBatch batch, CancellationToken cancellationToken) => ValueTask.FromResult(1L);

    public void OnProgress(ProgressNotice notice)
    {
    }
}
