using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Tests.Execution.Wasm;

namespace Nexus.Kernel.Tests.Execution.Caching;

/// <summary>An artifact loaded from disk is mapped from its file, not copied, and the mapping goes with the engine.</summary>
public sealed class ArtifactFileTests
{
    [Test]
    public async Task QuickJs_from_the_disk_tier_runs_from_its_mapped_artifact_until_the_engine_is_disposed()
    {
        var dir = await CacheDirs.SeededAsync();
        var engine = new ExecutionEngine(EngineHarness.Defaults, NullLogger<ExecutionEngine>.Instance,
            cache: EngineHarness.Cache with { CacheDir = dir });
        try
        {
            await engine.WhenReady;

            await Assert.That(MappingsUnder(dir)).IsNotEmpty();
        }
        finally
        {
            await engine.DisposeAsync();
        }
        await Assert.That(MappingsUnder(dir)).IsEmpty();
    }

    [Test]
    public async Task On_a_noexec_cache_dir_QuickJs_is_still_loaded_from_disk_by_copying_it()
    {
        var seed = await CacheDirs.SeededAsync();
        var dir = CacheDirs.Empty();
        using (TestMount.Tmpfs(dir, 64L << 20, noExec: true))
        {
            foreach (var file in Directory.EnumerateFiles(seed)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var engine = new ExecutionEngine(EngineHarness.Defaults, NullLogger<ExecutionEngine>.Instance,
                cache: EngineHarness.Cache with { CacheDir = dir });
            try
            {
                await engine.WhenReady;

                await Assert.That(engine.Counters.CacheHits["disk"]).IsEqualTo(1);
                await Assert.That(engine.Counters.CacheMisses).IsEqualTo(0);
                await Assert.That(MappingsUnder(dir)).IsEmpty();
            }
            finally
            {
                await engine.DisposeAsync();
            }
        }
    }

    private static string[] MappingsUnder(string directory) =>
        [.. File.ReadLines("/proc/self/maps").Where(line => line.Contains(directory + "/", StringComparison.Ordinal))];
}
