namespace Nexus.Kernel.Execution.Orchestration;

/// <summary>Creates the engine when the host starts, so compiling QuickJS begins at boot rather than at the first
/// request. It does not wait: /health answers meanwhile and /health/ready turns 200 once the engine is ready.</summary>
internal sealed class ExecutionEngineStartup(ExecutionEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = engine.IsReady;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
