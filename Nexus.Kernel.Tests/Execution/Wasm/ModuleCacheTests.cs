using Nexus.Kernel.Execution.Caching;

namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>The two-tier module cache against real Wasmtime artifacts on a real file system.</summary>
public sealed class ModuleCacheTests
{
    [Test]
    [Arguments("flip", CacheRejectReason.Digest)]
    [Arguments("truncate", CacheRejectReason.Size)]
    [Arguments("swap", CacheRejectReason.Digest)]
    [Arguments("swap_with_seal", CacheRejectReason.Digest)]
    [Arguments("drop_seal", CacheRejectReason.Seal)]
    public async Task A_tampered_artifact_is_rejected_deleted_and_recompiled(string tamper, string reason)
    {
        var dir = await CacheDirs.SeededAsync();
        var module = WatModules.Binary(WatModules.Numbered(7));
        var other = WatModules.Binary(WatModules.Numbered(8));
        await using (var first = new WasmEngineHarness(dir))
        {
            await first.CompileAsync(module);
            await first.CompileAsync(other);
        }
        var (artifact, seal) = Files(dir, WasmEngineHarness.KeyOf(module));
        var (otherArtifact, otherSeal) = Files(dir, WasmEngineHarness.KeyOf(other));
        var original = await File.ReadAllBytesAsync(artifact);
        switch (tamper)
        {
            case "flip":
                original[original.Length / 2] ^= 0x01;
                await File.WriteAllBytesAsync(artifact, original);
                break;
            case "truncate":
                await File.WriteAllBytesAsync(artifact, original[..(original.Length / 2)]);
                break;
            case "swap":
                // Another module's artifact (the same size: only a constant differs) under this key.
                File.Copy(otherArtifact, artifact, overwrite: true);
                break;
            case "swap_with_seal":
                File.Copy(otherArtifact, artifact, overwrite: true);
                File.Copy(otherSeal, seal, overwrite: true);
                break;
            case "drop_seal":
                File.Delete(seal);
                break;
        }

        await using var second = new WasmEngineHarness(dir);
        await second.Engine.WhenReady;
        var tool = await second.CompileAsync(module);
        var result = await second.RunAsync(tool);

        await Assert.That(second.Rejected(reason)).IsEqualTo(1);
        await Assert.That(second.Misses).IsEqualTo(1);
        await Assert.That(second.Compiles).IsEqualTo(1);
        await Assert.That(second.Warnings(6101)).IsEqualTo(1);
        await Assert.That(result.Status).IsEqualTo("success");
        await Assert.That(result.ReturnValue!.Value.GetInt32()).IsEqualTo(7);
        await Assert.That(result.Metrics.CacheHit).IsFalse();
        // Rewritten and verifiable again: a third kernel loads it from disk without a compile.
        await using (var written = File.OpenRead(artifact))
        {
            await Assert.That(ArtifactSeal.Check(WasmEngineHarness.KeyOf(module), await File.ReadAllTextAsync(seal), written)).IsNull();
        }
        await using var third = new WasmEngineHarness(dir);
        var again = await third.RunAsync(await third.CompileAsync(module));
        await Assert.That(third.Compiles).IsEqualTo(0);
        await Assert.That(third.Hits(CacheTiers.Disk)).IsEqualTo(2);
        await Assert.That(again.Metrics.CacheHit).IsTrue();
        await Assert.That(again.ReturnValue!.Value.GetInt32()).IsEqualTo(7);
    }

    [Test]
    public async Task The_same_module_twice_is_a_memory_hit()
    {
        await using var harness = new WasmEngineHarness(await CacheDirs.SeededAsync());
        var module = WatModules.Binary(WatModules.Numbered(11));
        var first = await harness.CompileAsync(module, "a");
        var second = await harness.CompileAsync(module, "b");
        await Assert.That(first.FromCache).IsFalse();
        await Assert.That(second.FromCache).IsTrue();
        await Assert.That(harness.Hits(CacheTiers.Memory)).IsEqualTo(1);
        await Assert.That(harness.Engine.CacheHitRate).IsGreaterThan(0.5);
    }

    internal static (string Artifact, string Seal) Files(string dir, string key) =>
        (Path.Combine(dir, key + ".cwasm"), Path.Combine(dir, key + ".seal"));
}
