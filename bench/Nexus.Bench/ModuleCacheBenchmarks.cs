using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Execution.Caching;
using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.JavaScript;
using Wasmtime;

namespace Nexus.Bench;

/// <summary>Getting quickjs.wasm as a native module: compile with Cranelift, load a verified artifact from the disk
/// tier (read, SHA-256 check, deserialize), or hit the memory tier.</summary>
public class ModuleCacheBenchmarks
{
    private byte[] _wasm = null!;
    private string _key = null!;
    private DiskTier _disk = null!;
    private MemoryTier _memory = null!;
    private Engine _engine = null!;
    private string _seal = null!;
    private string _artifactPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = WasmEngine.Shared;
        _engine = engine.Engine;
        _wasm = QuickJsRuntime.ReadQuickJs();
        _key = CacheKey.Compute(engine.Settings.Fingerprint, _wasm);
        var directory = Directory.CreateTempSubdirectory("nexus-bench-cache-").FullName;
        _disk = new DiskTier(directory, 256L << 20, NullLogger.Instance);
        _memory = new MemoryTier(256L << 20);
        var module = Module.FromBytes(_engine, QuickJsRuntime.QuickJsResource, _wasm);
        var artifact = module.Serialize();
        _disk.Store(_key, artifact);
        _seal = ArtifactSeal.Create(_key, artifact);
        _artifactPath = Path.Combine(directory, _key + ".cwasm");
        _memory.Add(_key, module, artifact.Length);
    }

    [Benchmark(Baseline = true)]
    public void Compile()
    {
        using var module = Module.FromBytes(_engine, QuickJsRuntime.QuickJsResource, _wasm);
    }

    [Benchmark]
    public void LoadFromDisk()
    {
        var load = _disk.TryLoad(_key, artifact => ArtifactFile.Load(_engine, QuickJsRuntime.QuickJsResource, artifact));
        (load.Module ?? throw new InvalidOperationException("artifact rejected: " + load.Rejected)).Dispose();
    }

    /// <summary>The parts of <see cref="LoadFromDisk"/>: read the file, check its seal.</summary>
    [Benchmark]
    public string? ReadAndVerify()
    {
        using var artifact = File.OpenRead(_artifactPath);
        return ArtifactSeal.Check(_key, _seal, artifact);
    }

    /// <summary>The parts of <see cref="LoadFromDisk"/>: Wasmtime mapping the verified file into a module.</summary>
    [Benchmark]
    public void DeserializeOnly()
    {
        using var module = Module.DeserializeFile(_engine, QuickJsRuntime.QuickJsResource, _artifactPath);
    }

    [Benchmark]
    public Module MemoryHit() => _memory.TryGet(_key, out var module) ? module : throw new InvalidOperationException("miss");
}
