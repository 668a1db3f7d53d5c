namespace Nexus.Kernel.Execution;

/// <summary>
/// Dedicated threads for guest code (wasm calls are synchronous): never Kestrel or thread-pool threads, a stack
/// sized well above Wasmtime's wasm stack, and a work item never blocks on I/O. An idle worker sleeps on a monitor;
/// it spins first only when that can pay (<see cref="SpinWindow"/>): waking a sleeping thread costs 20–30 µs on
/// these VMs, a quarter of a WebSocket round trip, while spinning by every idle worker (as <c>BlockingCollection</c>
/// does) took 8 % of the CPU under load, from the requests the workers were waiting for.
/// Work wakes the worker that went idle last: its caches and its sandbox's pages are the warm ones. A shared monitor
/// woke the longest-idle worker instead, so sequential triggers took turns over every worker, each cold.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    public const int StackBytes = 8 * 1024 * 1024;

    /// <summary>
    /// How long a worker that ran out of work looks for more before it sleeps. It spins only when it is the one worker
    /// that was busy and the last item came within this window of a worker going idle: one client's sequential
    /// triggers (a WebSocket round trip brings the next one 50–100 µs later) or one busy panel's queue, never a server
    /// whose other workers are busy (the spin would take a core from the requests) nor a trickle of triggers. Never on
    /// one core: there the spin holds the core the next item's reader needs (a round trip took 458 µs instead of 178).
    /// </summary>
    public static readonly TimeSpan SpinWindow = TimeSpan.FromMicroseconds(300);

    /// <summary>
    /// How long the spinner holds its core outright; after it, it yields between looks at the queue. A thread the
    /// scheduler wakes onto the spinner's core (a socket's event thread, often the one bringing the next item) waited
    /// otherwise until the window ran out: in a scheduler trace of a WebSocket round trip, 1 % of the event threads'
    /// wake-ups waited 220–300 µs, nearly all of it behind the spinning worker. 100 µs covers the gap between one client's
    /// sequential triggers on two cores; yielding from the start slowed the round trip's median (perf-ws.md §15).
    /// </summary>
    public static readonly TimeSpan SpinAlone = TimeSpan.FromMicroseconds(100);

    private readonly Queue<Action> _queue = new();
    private readonly Stack<IdleWorker> _idle = new();
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly long _spinTicks;
    private readonly long _spinAloneTicks;
    private bool _closed;
    private readonly Thread[] _threads;
    private int _queued; // _queue.Count, read by a spinning worker without the lock
    private bool _spinning;
    private long _idleSince; // when the last worker to run out of work did so
    private bool _lastGapShort;
    private long _spinsStarted;
    private long _spinYields;

    /// <param name="time">The clock of the spin window and the idle gap; tests move a fake one by hand.</param>
    /// <param name="processorCount">The cores the process may use (<see cref="Environment.ProcessorCount"/>, which
    /// follows the affinity mask and a container's CPU limit).</param>
    public WorkerPool(int count, TimeProvider? time = null, int? processorCount = null)
    {
        _time = time ?? TimeProvider.System;
        _spinTicks = (processorCount ?? Environment.ProcessorCount) > 1 ? Ticks(SpinWindow) : 0;
        _spinAloneTicks = Ticks(SpinAlone);
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

    /// <summary>Times a worker began spinning for work instead of sleeping.</summary>
    internal long SpinsStarted => Interlocked.Read(ref _spinsStarted);

    /// <summary>Times a spinning worker offered its core to another thread (<see cref="SpinAlone"/>).</summary>
    internal long SpinYields => Interlocked.Read(ref _spinYields);

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
            _queued = _queue.Count;
            // A spinning worker takes the first item; waking another for it would only make the two race. Any item
            // behind that one wakes a sleeper, or it would wait for the spinner's item to finish.
            if (_spinning && _queue.Count == 1) idle = null;
            else _idle.TryPop(out idle);
        }
        idle?.Wake();
    }

    /// <summary>The next work item, or null once the pool is disposed and the queue drained.</summary>
    private Action? Take(IdleWorker self)
    {
        while (true)
        {
            bool spin;
            lock (_gate)
            {
                if (TryDequeue(out var work)) return work;
                if (_closed) return null;
                spin = ShouldSpin();
                if (spin) _spinning = true;
                else _idle.Push(self);
                _idleSince = _time.GetTimestamp();
            }
            if (spin)
            {
                Interlocked.Increment(ref _spinsStarted);
                var started = _time.GetTimestamp();
                var until = started + _spinTicks;
                var sharing = started + _spinAloneTicks;
                while (Volatile.Read(ref _queued) == 0 && !Volatile.Read(ref _closed))
                {
                    Thread.SpinWait(20);
                    var now = _time.GetTimestamp();
                    if (now >= until) break;
                    if (now < sharing) continue;
                    Interlocked.Increment(ref _spinYields);
                    Thread.Yield();
                }
                lock (_gate)
                {
                    _spinning = false;
                    if (TryDequeue(out var work)) return work;
                    if (_closed) return null;
                    _idle.Push(self);
                }
            }
            self.Sleep();
        }
    }

    /// <summary>Under the lock: the next item, noting how long the pool had been idle when it came.</summary>
    private bool TryDequeue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Action? work)
    {
        if (!_queue.TryDequeue(out work)) return false;
        _queued = _queue.Count;
        if (_idleSince != 0)
        {
            _lastGapShort = _time.GetTimestamp() - _idleSince < _spinTicks;
            _idleSince = 0;
        }
        return true;
    }

    private long Ticks(TimeSpan span) => span.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;

    /// <summary>Under the lock, for a worker that found no work (see <see cref="SpinWindow"/>).</summary>
    private bool ShouldSpin() =>
        _spinTicks > 0 && _lastGapShort && !_spinning && _idle.Count == _threads.Length - 1;

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
