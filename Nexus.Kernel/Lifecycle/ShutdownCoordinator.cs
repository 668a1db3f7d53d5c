using System.Runtime.InteropServices;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Lifecycle;

/// <summary>
/// SIGTERM/SIGINT (README "Operations"): readiness turns 503 at once; after SHUTDOWN_DELAY_MS new panels, triggers and
/// connections are refused; in-flight executions finish (up to SHUTDOWN_TIMEOUT_MS); then the registered
/// participants close (WebSocket clients get 1001) and the host stops, so the process exits 0.
/// </summary>
internal sealed partial class ShutdownCoordinator(
    DrainState drain,
    ShutdownOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ShutdownCoordinator> logger) : IHostedService
{
    private readonly List<Func<CancellationToken, Task>> _afterDrain = [];
    private readonly List<PosixSignalRegistration> _signals = [];
    private Task? _shutdown;

    /// <summary>Runs once executions have drained, before the host stops (e.g. closing WebSockets with 1001).</summary>
    public void AfterDrain(Func<CancellationToken, Task> participant)
    {
        lock (_afterDrain) _afterDrain.Add(participant);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // we stop the host ourselves, after the drain
                Begin(context.Signal.ToString());
            }));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in _signals) signal.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Starts the drain (idempotent) and returns the task that ends with the host stopping.</summary>
    public Task Begin(string reason)
    {
        // Readiness flips (and, with no delay, refusing starts) before this returns, not when the task gets a thread.
        drain.BeginDraining();
        if (options.ShutdownDelayMs == 0) drain.BeginRefusing();
        lock (_signals) return _shutdown ??= Task.Run(() => RunAsync(reason));
    }

    private async Task RunAsync(string reason)
    {
        Log.Draining(logger, reason, options.ShutdownDelayMs, options.ShutdownTimeoutMs);
        if (options.ShutdownDelayMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(options.ShutdownDelayMs), time);
        drain.BeginRefusing();

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.ShutdownTimeoutMs), time);
        try
        {
            await drain.WhenIdleAsync().WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Log.DrainTimedOut(logger, drain.InFlight);
        }

        Func<CancellationToken, Task>[] participants;
        lock (_afterDrain) participants = [.. _afterDrain];
        using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        await Task.WhenAll(participants.Select(p => SafeAsync(p, closing.Token)));
        Log.Stopping(logger);
        lifetime.StopApplication();
    }

    private async Task SafeAsync(Func<CancellationToken, Task> participant, CancellationToken cancellationToken)
    {
        try
        {
            await participant(cancellationToken);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Log.ParticipantFailed(logger, error);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Information, "Shutdown on {signal}: not ready now, refusing new work in {delayMs} ms, draining for up to {timeoutMs} ms", EventName = "Draining")]
        public static partial void Draining(ILogger logger, string signal, int delayMs, int timeoutMs);

        [LoggerMessage(1102, LogLevel.Warning, "Drain deadline passed with {inFlight} executions still running", EventName = "DrainTimedOut")]
        public static partial void DrainTimedOut(ILogger logger, int inFlight);

        [LoggerMessage(1103, LogLevel.Information, "Drained; stopping", EventName = "Stopping")]
        public static partial void Stopping(ILogger logger);

        [LoggerMessage(1104, LogLevel.Error, "A shutdown participant failed", EventName = "ShutdownParticipantFailed")]
        public static partial void ParticipantFailed(ILogger logger, Exception error);
    }
}
