namespace Nexus.Kernel.Lifecycle;

/// <summary>
/// Replaces the console lifetime, whose own SIGTERM/SIGINT handler would stop the host at once (listeners closed,
/// readiness "connection refused" instead of 503). Signals belong to <see cref="ShutdownCoordinator"/> alone,
/// which stops the host only after the drain.
/// </summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
