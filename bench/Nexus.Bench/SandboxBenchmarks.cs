using BenchmarkDotNet.Attributes;
using Nexus.Kernel.Execution.JavaScript;

namespace Nexus.Bench;

/// <summary>Ways to get a pristine sandbox, and one trivial execution on the sandbox itself (no worker hop).</summary>
public class SandboxBenchmarks
{
    private const string Input = """{"state":{"count":1},"args":{},"scope":{}}""";

    private QuickJsRuntime _runtime = null!;
    private SandboxSnapshot _snapshot = null!;
    private Sandbox _sandbox = null!;
    private byte[] _bytecode = null!;

    [GlobalSetup]
    public void Setup()
    {
        _runtime = QuickJsRuntimes.Shared;
        _snapshot = _runtime.Snapshot;
        _sandbox = Sandbox.Restore(_runtime, _snapshot, 32L << 20);
        _bytecode = _sandbox.Compile(JavaScriptPrelude.Wrap("$state.count = $state.count + 1; return $state.count;"), "handler", out _)!;
        _sandbox.Reset(_snapshot);
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.Dispose();

    /// <summary>The trivial handler, then the reset in place that makes the sandbox pristine again.</summary>
    [Benchmark]
    public void ExecuteThenResetInPlace()
    {
        Execute();
        _sandbox.Reset(_snapshot);
    }

    /// <summary>Only the reset of an already pristine sandbox: the cost of comparing every page.</summary>
    [Benchmark]
    public void ResetInPlaceOfCleanSandbox() => _sandbox.Reset(_snapshot);

    /// <summary>The alternative: a new instance with the snapshot copied in (then disposed).</summary>
    [Benchmark]
    public void RestoreSnapshotIntoNewInstance()
    {
        using var fresh = Sandbox.Restore(_runtime, _snapshot, 32L << 20);
    }

    private void Execute() => _sandbox.RunDetached(_bytecode, Input);
}
