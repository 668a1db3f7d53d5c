using Nexus.Kernel.Execution.Caching;

namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>CACHE_DIR that cannot be written (real read-only mount, real full tmpfs) and a bounded disk tier.</summary>
[NotInParallel("cache-mounts")]
public sealed class CacheDegradeTests
{
    [Test]
    public async Task A_read_only_cache_dir_serves_from_memory_with_one_warning()
    {
        var dir = await CacheDirs.SeededAsync();
        var before = Directory.GetFiles(dir).Order().ToArray();
        using (TestMount.ReadOnly(dir))
        {
            await using var harness = new WasmEngineHarness(dir);
            await harness.Engine.WhenReady;
            var first = await harness.RunAsync(await harness.CompileAsync(WatModules.Binary(WatModules.Numbered(21))));
            var second = await harness.RunAsync(await harness.CompileAsync(WatModules.Binary(WatModules.Numbered(22))));

            await Assert.That(first.ReturnValue!.Value.GetInt32()).IsEqualTo(21);
            await Assert.That(second.ReturnValue!.Value.GetInt32()).IsEqualTo(22);
            await Assert.That(harness.Warnings(6100)).IsEqualTo(1);
            await Assert.That(harness.Engine.Cache.Disk.Writable).IsFalse();
            // QuickJS still came from the (readable) disk tier.
            await Assert.That(harness.Hits(CacheTiers.Disk)).IsEqualTo(1);
        }
        await Assert.That(Directory.GetFiles(dir).Order().ToArray()).IsEquivalentTo(before);
    }

    [Test]
    public async Task A_full_tmpfs_serves_and_never_keeps_a_partial_artifact()
    {
        var seed = await CacheDirs.SeededAsync();
        var dir = CacheDirs.Empty();
        using (TestMount.Tmpfs(dir, CacheDirs.SizeOf(seed) + 64 * 1024))
        {
            foreach (var file in Directory.EnumerateFiles(seed)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var modules = new List<(int N, byte[] Bytes)>();
            await using (var harness = new WasmEngineHarness(dir))
            {
                for (var n = 100; n < 400 && harness.Engine.Cache.Disk.Writable; n++)
                {
                    var bytes = WatModules.Binary(WatModules.Numbered(n));
                    modules.Add((n, bytes));
                    var result = await harness.RunAsync(await harness.CompileAsync(bytes));
                    await Assert.That(result.ReturnValue!.Value.GetInt32()).IsEqualTo(n);
                }
                await Assert.That(harness.Engine.Cache.Disk.Writable).IsFalse();
                await Assert.That(harness.Warnings(6100)).IsEqualTo(1);
            }
            await Assert.That(Directory.GetFiles(dir, "*.tmp")).IsEmpty();
            // Whatever reached the disk verifies; a new kernel loads it all without a single rejection.
            await using var next = new WasmEngineHarness(dir);
            foreach (var (n, bytes) in modules)
            {
                var result = await next.RunAsync(await next.CompileAsync(bytes));
                await Assert.That(result.ReturnValue!.Value.GetInt32()).IsEqualTo(n);
            }
            await Assert.That(next.Engine.Counters.CacheRejected.Snapshot().Sum(static p => p.Value)).IsEqualTo(0);
            await Assert.That(next.Hits(CacheTiers.Disk)).IsGreaterThan(1);
        }
    }

    [Test]
    public async Task The_disk_tier_stays_under_CACHE_DISK_MAX_MB_under_churn()
    {
        var dir = await CacheDirs.SeededAsync();
        var boundMb = (int)(CacheDirs.SizeOf(dir) / (1024 * 1024)) + 1;
        var bound = boundMb * 1024L * 1024L;
        await using var harness = new WasmEngineHarness(dir, boundMb);
        await harness.Engine.WhenReady;
        long written = 0;
        var n = 1000;
        while (written < bound * 3 / 2 && n < 3000)
        {
            var tool = await harness.CompileAsync(WatModules.Binary(WatModules.Numbered(n)));
            written += new FileInfo(ModuleCacheTests.Files(dir, WasmEngineHarness.KeyOf(WatModules.Binary(WatModules.Numbered(n)))).Artifact).Length;
            await Assert.That(CacheDirs.SizeOf(dir)).IsLessThanOrEqualTo(bound);
            if (n % 25 == 0) await Assert.That((await harness.RunAsync(tool)).ReturnValue!.Value.GetInt32()).IsEqualTo(n);
            n++;
        }
        await Assert.That(written).IsGreaterThan(bound);
        await Assert.That(Directory.GetFiles(dir, "*.cwasm").Length).IsLessThan(n - 1000);
        await Assert.That(harness.Logger.Entries.Any(static e => e.EventId == 6104)).IsTrue();
    }
}
