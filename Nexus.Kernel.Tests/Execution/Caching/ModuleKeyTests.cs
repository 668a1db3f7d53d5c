using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Execution.Caching;
using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.JavaScript;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Tests.Execution.Wasm;

namespace Nexus.Kernel.Tests.Execution.Caching;

/// <summary>Modules are keyed by their digest, so a warm start finds QuickJS without reading or hashing it.</summary>
public sealed class ModuleKeyTests
{
    [Test]
    public async Task The_digest_the_build_verified_is_the_digest_of_the_embedded_quickjs() =>
        await Assert.That(Convert.ToHexString(SHA256.HashData(QuickJsRuntime.ReadQuickJs())))
            .IsEqualTo(Convert.ToHexString(QuickJsRuntime.EmbeddedSha256));

    [Test]
    public async Task A_compiled_module_is_found_on_disk_by_its_digest_without_its_bytes()
    {
        var dir = await CacheDirs.SeededAsync();
        var module = WatModules.Binary(WatModules.Numbered(5));
        await using (var first = new WasmEngineHarness(dir))
        {
            await first.CompileAsync(module);
        }

        using var cache = new ModuleCache(WasmEngine.Shared, EngineHarness.Cache with { CacheDir = dir }, new KernelCounters(), NullLogger.Instance);
        var loaded = await cache.GetAsync("wasm", SHA256.HashData(module), () => throw new InvalidOperationException("the bytes were read"),
            CancellationToken.None);

        await Assert.That(loaded.Tier).IsEqualTo(CacheTiers.Disk);
    }
}
