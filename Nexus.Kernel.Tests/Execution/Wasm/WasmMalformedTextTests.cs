namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>Raw wasm hands the host UTF-8 JSON: a JSON escape of a lone surrogate is refused like a JavaScript one.</summary>
public sealed class WasmMalformedTextTests
{
    [Test]
    public async Task A_return_value_escaping_a_lone_surrogate_is_an_execution_error()
    {
        await using var harness = new WasmEngineHarness(await CacheDirs.SeededAsync());
        var module = WatModules.Binary($$"""
            (module {{WatModules.Alloc}}
              (data (i32.const 0) "\"\\udc00\"")
              (func (export "handle") (param i32 i32) (result i64) (i64.const 8)))
            """);

        var result = await harness.RunAsync(await harness.CompileAsync(module));

        await Assert.That(result.Status).IsEqualTo("error");
        await Assert.That(result.Error!.Code).IsEqualTo("EXECUTION_ERROR");
        await Assert.That(result.Error.Message).Contains("the return value").And.Contains("lone surrogate");
    }
}
