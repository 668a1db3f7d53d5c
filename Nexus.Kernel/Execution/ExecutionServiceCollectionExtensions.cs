using Microsoft.Extensions.DependencyInjection.Extensions;
using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Execution;

/// <summary>Registers the execution engine and the extension registry (extensions themselves are added as
/// <see cref="IExtension"/> singletons by whoever provides them).</summary>
internal static class ExecutionServiceCollectionExtensions
{
    public static IServiceCollection AddExecution(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ExtensionRegistry>();
        services.TryAddSingleton<ExecutionEngine>();
        return services;
    }
}
