using Nexus.Kernel.Configuration;
using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Execution.Orchestration;

internal static class ExecutionRegistration
{
    /// <summary>The engine, its settings and the registry of every <see cref="IExtension"/> registered in DI.</summary>
    public static IServiceCollection AddExecution(this IServiceCollection services, ExecutionOptions options, ModuleCacheOptions cache) => services
        .AddSingleton(options)
        .AddSingleton(cache)
        .AddSingleton<ExtensionRegistry>()
        .AddSingleton<ExecutionEngine>()
        .AddHostedService<ExecutionEngineStartup>();
}
