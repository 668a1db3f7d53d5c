using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Execution.Orchestration;

internal static class ExecutionRegistration
{
    /// <summary>
    /// The kernel's engine, built before the container so QuickJS loads while the host is built
    /// (bench/notes/perf-startup.md §3), and the registry of every <see cref="IExtension"/> registered in DI, which
    /// <see cref="AttachExtensions"/> hands to the engine once the container exists.
    /// </summary>
    public static IServiceCollection AddExecution(this IServiceCollection services, ExecutionEngine engine) => services
        .AddSingleton<ExtensionRegistry>()
        .AddSingleton(_ => engine); // a factory registration: the container disposes the engine with the host

    public static void AttachExtensions(this IServiceProvider services) =>
        services.GetRequiredService<ExecutionEngine>().Attach(services.GetRequiredService<ExtensionRegistry>());
}
