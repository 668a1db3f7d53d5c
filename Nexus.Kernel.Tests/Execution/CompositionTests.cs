using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>The engine resolves from DI with the extensions registered there.</summary>
public sealed class CompositionTests
{
    [Test]
    public async Task AddExecution_resolves_an_engine_that_sees_registered_extensions()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IExtension, TestExtension>();
        services.AddExecution(EngineHarness.Defaults, EngineHarness.Cache);
        await using var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<ExecutionEngine>();
        const string handler = "return await $ext.test.echo('hi');";
        var compiled = await engine.CompileAsync(EngineHarness.Tool("t", handler), CancellationToken.None);
        var result = await engine.ExecuteAsync(EngineHarness.Request(compiled, handler, "{}", ["ext:test"], "{}", "{}", new TestCallbacks()),
            CancellationToken.None);

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("""["hi"]""");
    }
}
