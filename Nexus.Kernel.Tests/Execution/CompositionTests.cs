using Microsoft.Extensions.DependencyInjection;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Extensions;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>The kernel builds its engine before the container; the extensions registered there still reach it.</summary>
public sealed class CompositionTests
{
    [Test]
    public async Task The_kernels_engine_sees_extensions_registered_in_DI()
    {
        await using var kernel = await TestKernel.StartAsync(overrides: new KernelOverrides(
            Services: services => services.AddSingleton<IExtension, TestExtension>()));

        var engine = kernel.Service<ExecutionEngine>();
        const string handler = "return await $ext.test.echo('hi');";
        var compiled = await engine.CompileAsync(EngineHarness.Tool("t", handler), CancellationToken.None);
        var result = await engine.ExecuteAsync(EngineHarness.Request(compiled, handler, "{}", ["ext:test"], "{}", "{}", new TestCallbacks()),
            CancellationToken.None);

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("""["hi"]""");
    }
}
