namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// A held panel lease: renewed in the background every <c>LeaseRenewEvery</c> while the execution runs, released
/// (check-and-delete, then a wake-up) when disposed. If this pod stalls or loses Redis for longer than the TTL, the
/// lease lapses, another pod takes a larger token, and this holder's commits are refused by the fencing check.
/// </summary>
internal sealed partial class RedisLease : PanelTurn
{
    private readonly RedisPanelStore _store;
    private readonly string _panelId;
    private readonly TimeSpan _renewEvery;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private int _finished;

    public RedisLease(RedisPanelStore store, string panelId, long token, TimeSpan renewEvery, ILogger logger) : base(token)
    {
        _store = store;
        _panelId = panelId;
        _renewEvery = renewEvery;
        _logger = logger;
        _renewal = Task.Run(RenewAsync);
    }

    /// <summary>Stops renewing without releasing, as if this pod had died (the lease then expires by itself).</summary>
    internal Task AbandonAsync() => FinishAsync(release: false);

    public override async ValueTask DisposeAsync() => await FinishAsync(release: true);

    private async Task FinishAsync(bool release)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return;
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        if (!release) return;
        try
        {
            await _store.ReleaseLeaseAsync(_panelId, FencingToken);
        }
        catch (StackExchange.Redis.RedisException error)
        {
            Log.LeaseReleaseFailed(_logger, _panelId, error.Message);
        }
    }

    private async Task RenewAsync()
    {
        // Real time on purpose: the TTL runs on Redis's clock, not on the kernel's (possibly fake) TimeProvider.
        using var timer = new PeriodicTimer(_renewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (await _store.RenewLeaseAsync(_panelId, FencingToken)) continue;
                    Log.LeaseLost(_logger, _panelId, FencingToken);
                    return;
                }
                catch (StackExchange.Redis.RedisException error)
                {
                    Log.LeaseRenewFailed(_logger, _panelId, error.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
