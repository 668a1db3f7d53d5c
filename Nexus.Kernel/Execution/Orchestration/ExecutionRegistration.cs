using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Execution.Orchestration;

internal static class ExecutionRegistration
{
    /// <summary>The engine and the registry of every <see cref="IExtension"/> registered in DI.</summary>
    public static IServiceCollection AddExecution(this IServiceCollection services) => services
        .AddSingleton<ExtensionRegistry>()
        .AddSingleton<ExecutionEngine>()
        .AddHostedService<ExecutionEngineStartup>();
}
