namespace Nexus.Kernel.Lifecycle;

/// <summary>
/// Where the process is in its life (README "Operations"): serving; draining (readiness 503, still serving during
/// SHUTDOWN_DELAY_MS so load balancers can notice); refusing (new panels, triggers and connections refused while
/// in-flight executions finish). Counts in-flight executions so shutdown can wait for them.
/// </summary>
internal sealed class DrainState
{
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _phase;
    private int _inFlight;

    public bool IsDraining => Volatile.Read(ref _phase) >= 1;

    public bool IsRefusing => Volatile.Read(ref _phase) >= 2;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void BeginDraining() => Interlocked.CompareExchange(ref _phase, 1, 0);

    public void BeginRefusing()
    {
        Volatile.Write(ref _phase, 2);
        if (InFlight == 0) _idle.TrySetResult();
    }

    /// <summary>Counts an execution as in flight; returns null once new work is refused.</summary>
    public IDisposable? TryStartExecution()
    {
        Interlocked.Increment(ref _inFlight);
        if (!IsRefusing) return new InFlightToken(this);
        Finish();
        return null;
    }

    /// <summary>Completes when no execution is in flight after refusing began.</summary>
    public Task WhenIdleAsync() => _idle.Task;

    private void Finish()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && IsRefusing) _idle.TrySetResult();
    }

    private sealed class InFlightToken(DrainState owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) owner.Finish();
        }
    }
}
