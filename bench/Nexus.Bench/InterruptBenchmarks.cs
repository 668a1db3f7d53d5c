using BenchmarkDotNet.Attributes;
using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.JavaScript;

namespace Nexus.Bench;

/// <summary>What the Wasmtime-level backstop costs on CPU-heavy JavaScript: none vs epoch vs fuel.</summary>
public class InterruptBenchmarks
{
    private const string Input = """{"state":{},"args":{},"scope":{}}""";

    private QuickJsRuntime _runtime = null!;
    private SandboxSnapshot _snapshot = null!;
    private Sandbox _sandbox = null!;
    private byte[] _bytecode = null!;

    [Params("None", "Epoch", "Fuel")]
    public string Mode { get; set; } = "Epoch";

    [GlobalSetup]
    public void Setup()
    {
        _runtime = QuickJsRuntimes.Isolated(Enum.Parse<InterruptMode>(Mode));
        _snapshot = _runtime.Snapshot;
        _sandbox = Sandbox.Restore(_runtime, _snapshot, 64L << 20);
        _bytecode = _sandbox.Compile(JavaScriptPrelude.Wrap("let s = 0; for (let i = 0; i < 200000; i++) s += i % 7; return s;"), "handler", out _)!;
        _sandbox.Reset(_snapshot);
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    [Benchmark]
    public string? CpuLoop200k()
    {
        _sandbox.SetEpochDeadline(1_000_000);
        var handler = _sandbox.LoadBytecode(_bytecode);
        _sandbox.InvokeWithValue(_snapshot.Entry.Start, handler, Input);
        _sandbox.DrainJobs();
        var step = _sandbox.Invoke(_snapshot.Entry.Step);
        _sandbox.Reset(_snapshot);
        return step;
    }
}
