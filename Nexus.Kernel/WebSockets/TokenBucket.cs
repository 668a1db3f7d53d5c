namespace Nexus.Kernel.WebSockets;

/// <summary>WS_RATE_LIMIT tokens per second up to WS_RATE_BURST; one token per client message.</summary>
internal sealed class TokenBucket(int perSecond, int burst, TimeProvider time)
{
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    /// <summary>Called from the connection's single receive loop only, so no locking.</summary>
    public bool TryTake()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * perSecond);
        _last = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
