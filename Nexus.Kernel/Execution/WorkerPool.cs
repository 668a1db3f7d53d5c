namespace Nexus.Kernel.Execution;

/// <summary>
/// Dedicated threads for guest code (wasm calls are synchronous): never Kestrel or thread-pool threads, a stack
/// sized well above Wasmtime's wasm stack, and a work item never blocks on I/O. An idle worker sleeps on a monitor
/// rather than spinning first (as <c>BlockingCollection</c> does): on a machine with few cores the spinning
/// workers' <c>sched_yield</c> took 8 % of the CPU under load, from the requests they were waiting for.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    public const int StackBytes = 8 * 1024 * 1024;

    private readonly Queue<Action> _queue = new();
    private readonly object _gate = new();
    private bool _closed;
    private readonly Thread[] _threads;

    public WorkerPool(int count)
    {
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Loop, StackBytes) { IsBackground = true, Name = $"nexus-guest-{i}" };
            _threads[i].Start();
        }
    }

    public int Count => _threads.Length;

    /// <summary>Runs <paramref name="work"/> on a worker; <paramref name="afterwards"/> runs on the same worker once the
    /// result has been handed over (clean-up the caller need not wait for).</summary>
    public Task<T> RunAsync<T>(Func<T> work, Action? afterwards = null)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception exception)
            {
                completion.SetException(exception);
            }
            afterwards?.Invoke();
        });
        return completion.Task;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
        var stopped = true;
        foreach (var thread in _threads) stopped &= thread.Join(TimeSpan.FromSeconds(10));
        Stopped = stopped;
    }

    /// <summary>True once <see cref="Dispose"/> saw every worker exit (a guest stuck past the join keeps its thread).</summary>
    public bool Stopped { get; private set; }

    private void Enqueue(Action work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _queue.Enqueue(work);
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>The next work item, or null once the pool is disposed and the queue drained.</summary>
    private Action? Take()
    {
        lock (_gate)
        {
            while (_queue.Count == 0 && !_closed) Monitor.Wait(_gate);
            return _queue.TryDequeue(out var work) ? work : null;
        }
    }

    private void Loop()
    {
        while (Take() is { } work)
        {
            try
            {
                work();
            }
            catch (Exception)
            {
                // Work items report their own failures; a clean-up step that throws must not kill the worker.
            }
        }
    }
}
