namespace Nexus.Kernel.Execution;

/// <summary>
/// Dedicated threads for guest code (wasm calls are synchronous): never Kestrel or thread-pool threads, a stack
/// sized well above Wasmtime's wasm stack, and a work item never blocks on I/O. An idle worker sleeps on a monitor
/// rather than spinning first (as <c>BlockingCollection</c> does): on a machine with few cores the spinning
/// workers' <c>sched_yield</c> took 8 % of the CPU under load, from the requests they were waiting for.
/// Work wakes the worker that went idle last: its caches and its sandbox's pages are the warm ones. A shared monitor
/// woke the longest-idle worker instead, so sequential triggers took turns over every worker, each cold.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    public const int StackBytes = 8 * 1024 * 1024;

    private readonly Queue<Action> _queue = new();
    private readonly Stack<IdleWorker> _idle = new();
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

    /// <summary>Workers asleep waiting for work.</summary>
    internal int IdleCount
    {
        get
        {
            lock (_gate) return _idle.Count;
        }
    }

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
        IdleWorker[] idle;
        lock (_gate)
        {
            _closed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var worker in idle) worker.Wake();
        var stopped = true;
        foreach (var thread in _threads) stopped &= thread.Join(TimeSpan.FromSeconds(10));
        Stopped = stopped;
    }

    /// <summary>True once <see cref="Dispose"/> saw every worker exit (a guest stuck past the join keeps its thread).</summary>
    public bool Stopped { get; private set; }

    private void Enqueue(Action work)
    {
        IdleWorker? idle;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _queue.Enqueue(work);
            _idle.TryPop(out idle);
        }
        idle?.Wake();
    }

    /// <summary>The next work item, or null once the pool is disposed and the queue drained.</summary>
    private Action? Take(IdleWorker self)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_queue.TryDequeue(out var work)) return work;
                if (_closed) return null;
                _idle.Push(self);
            }
            self.Sleep();
        }
    }

    private void Loop()
    {
        var self = new IdleWorker();
        while (Take(self) is { } work)
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

    /// <summary>
    /// One worker's own wake-up. A listed worker is woken at most once (whoever wakes it first takes it off the list),
    /// and a wake that comes before it sleeps is kept until it does: sleeping consumes it.
    /// </summary>
    private sealed class IdleWorker
    {
        private readonly object _gate = new();
        private bool _woken;

        public void Wake()
        {
            lock (_gate)
            {
                _woken = true;
                Monitor.Pulse(_gate);
            }
        }

        public void Sleep()
        {
            lock (_gate)
            {
                while (!_woken) Monitor.Wait(_gate);
                _woken = false;
            }
        }
    }
}
