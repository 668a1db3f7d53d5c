using Nexus.Kernel.Json;

namespace Nexus.Kernel.Hosting;

/// <summary>Logs the bound ports once the server listens (ports may be 0 in the configuration: this says which).</summary>
internal sealed partial class StartupAnnouncement(Listeners listeners, IHostApplicationLifetime lifetime, ILogger<StartupAnnouncement> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Log.Listening(logger, KernelVersion.Value,
            listeners.PortOf(ListenerKind.Http), listeners.PortOf(ListenerKind.WebSocket), listeners.PortOf(ListenerKind.Metrics)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Nexus Kernel {version} listening: http {httpPort}, websocket {wsPort}, metrics {metricsPort}", EventName = "Listening")]
        public static partial void Listening(ILogger logger, string version, int httpPort, int wsPort, int metricsPort);
    }
}
