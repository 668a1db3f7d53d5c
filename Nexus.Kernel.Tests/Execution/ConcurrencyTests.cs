using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>A hostile execution does not stop the others; engines in one process share the Wasmtime runtime.</summary>
public sealed class ConcurrencyTests
{
    [Test]
    public async Task Another_execution_completes_while_a_hostile_one_still_runs()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { MaxInstances = 2, TimeoutMs = 5000 });
        var hostileTool = await harness.CompileAsync("while (true) {}", "hostile");
        var goodTool = await harness.CompileAsync("return 'fine';", "good");

        var hostile = harness.ExecuteAsync(hostileTool, "while (true) {}");
        var good = await harness.ExecuteAsync(goodTool, "return 'fine';");

        await Assert.That(good.ReturnValue!.Value.GetRawText()).IsEqualTo("\"fine\"");
        await Assert.That(hostile.IsCompleted).IsFalse();
        var hostileResult = await hostile;
        await Assert.That(hostileResult.Error!.Code).IsEqualTo(ExecutionErrorCodes.Timeout);
    }

    [Test]
    public async Task Many_executions_in_parallel_all_complete_and_stats_count_them()
    {
        await using var harness = new EngineHarness();
        var tool = await harness.CompileAsync("$state.n = ($state.n ?? 0) + 1; return $state.n;");

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => harness.ExecuteAsync(tool, "$state.n = ...", """{"n":1}""")));

        await Assert.That(results.All(r => r.ReturnValue!.Value.GetRawText() == "2")).IsTrue();
        await Assert.That(harness.Engine.Counters.Executions["success"]).IsEqualTo(40);
        // Resets run after results are handed over, so at most one sandbox per worker exists here.
        await Assert.That(harness.Engine.ActiveInstances + harness.Engine.AvailableInstances).IsLessThanOrEqualTo(2);
        await Assert.That(harness.Engine.IsReady).IsTrue();
    }
}
