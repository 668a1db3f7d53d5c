using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Triggers;

/// <summary>
/// With a shared store, keeps this process's schedules in step with every panel, wherever it was created: follows the
/// store's catalog (creations and deletions through any pod) and, on start and every <see cref="Every"/> on the
/// kernel's clock, reconciles with the store's list, so a pod that starts late or missed a notice (cut off from
/// Redis) catches up. While the store is unreachable it retries, backing off from 1 s to <see cref="Every"/>.
/// </summary>
internal sealed partial class ScheduleReconciler(
    PanelStore store,
    IPanelCatalog catalog,
    ScheduledTriggers schedules,
    TimeProvider time,
    ILogger<ScheduleReconciler> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private const int Attempts = 3;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stop.Dispose();

    private async Task LoopAsync()
    {
        var retry = FirstRetry;
        while (!_stop.IsCancellationRequested)
        {
            var wait = Every;
            try
            {
                await ReconcileAsync();
                retry = FirstRetry;
            }
            catch (Exception error) when (!_stop.IsCancellationRequested)
            {
                // Unreachable store, or a definition this build cannot read (a newer pod's): keep going, a bit later.
                Log.ReconcileFailed(logger, retry.TotalSeconds, error.Message);
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, Every.Ticks));
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(wait, time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReconcileAsync()
    {
        // Join the catalog first: a panel created after the list below is read is then announced to this pod.
        await catalog.WatchAsync(OnNoticeAsync);
        for (var attempt = 1; ; attempt++)
        {
            var asOf = schedules.Changes;
            var all = await store.ListAsync(_stop.Token);
            if (schedules.TryReconcile(all.Select(p => p.Definition), asOf, out var started, out var stopped))
            {
                if (started + stopped > 0) Log.Reconciled(logger, started, stopped);
                return;
            }
            // A creation or deletion arrived while the list was read; read it again (it is cheap), within reason.
            if (attempt == Attempts) throw new InvalidOperationException("panels kept changing while their list was read");
        }
    }

    /// <summary>A creation is scheduled from the stored definition (read now: the panel may already be gone again).</summary>
    private async Task OnNoticeAsync(CatalogNotice notice)
    {
        if (!notice.Created)
        {
            schedules.OnDeleted(notice.PanelId);
            return;
        }
        try
        {
            if (await store.GetAsync(notice.PanelId, _stop.Token) is { } panel) schedules.OnCreated(panel.Definition);
        }
        catch (Exception error) when (error is PanelStoreUnavailableException or InvalidDataException or System.Text.Json.JsonException)
        {
            // The next reconciliation schedules it.
            Log.ReconcileFailed(logger, Every.TotalSeconds, error.Message);
        }
    }
}
