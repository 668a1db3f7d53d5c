namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>Every raw-wasm execution gets a fresh instance: nothing a run leaves in globals or memory reaches the next.</summary>
public sealed class FreshInstanceTests
{
    /// <summary>Counts its calls in a mutable global and in linear memory; returns both digits, "11" on a fresh instance.</summary>
    private const string CallCounter = """
        (module
          (memory (export "memory") 2)
          (global $heap (mut i32) (i32.const 4096))
          (global $calls (mut i32) (i32.const 0))
          (func (export "alloc") (param $len i32) (result i32)
            (local $p i32)
            (local.set $p (global.get $heap))
            (global.set $heap (i32.add (global.get $heap) (local.get $len)))
            (local.get $p))
          (func (export "handle") (param i32 i32) (result i64)
            (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
            (i32.store8 (i32.const 3000) (i32.add (i32.load8_u (i32.const 3000)) (i32.const 1)))
            (i32.store8 (i32.const 2048) (i32.add (i32.const 48) (global.get $calls)))
            (i32.store8 (i32.const 2049) (i32.add (i32.const 48) (i32.load8_u (i32.const 3000))))
            (i64.or (i64.shl (i64.const 2048) (i64.const 32)) (i64.const 2))))
        """;

    [Test]
    public async Task Globals_and_memory_written_by_one_execution_are_gone_in_the_next()
    {
        await using var kernel = await Support.TestKernel.StartAsync(new Dictionary<string, string?> { ["CACHE_DIR"] = await CacheDirs.SeededAsync() });
        using var client = kernel.ClientFor("fresh");
        await WasmHandlerTests.CreateAsync(client, "fresh_wasm", "{}", ("count", CallCounter));

        var returned = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var result = await WasmHandlerTests.TriggerAsync(client, "fresh_wasm", "count");
            await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success").Because(result.GetRawText());
            returned.Add(result.GetProperty("returnValue").GetInt32());
        }

        await Assert.That(string.Join(",", returned)).IsEqualTo("11,11,11");
    }
}
