using System.Threading.Channels;

namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// The one place modules are compiled or loaded from disk: a single dedicated thread behind a bounded channel.
/// Compiling takes seconds of CPU for QuickJS; doing it here keeps it off Kestrel and the guest workers, and one
/// compile at a time bounds its CPU and memory on a small machine. Callers await; when the queue is full they wait
/// for room (cancellable) rather than piling up work.
/// </summary>
internal sealed class CompileQueue : IDisposable
{
    public const int Capacity = 64;
    private const int StackBytes = 8 * 1024 * 1024;

    private readonly Channel<Action> _channel = Channel.CreateBounded<Action>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Thread _thread;

    public CompileQueue()
    {
        _thread = new Thread(Loop, StackBytes) { IsBackground = true, Name = "nexus-compile" };
        _thread.Start();
    }

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception exception)
            {
                completion.SetException(exception);
            }
        }, cancellationToken);
        return await completion.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(30));
    }

    private void Loop()
    {
        // A dedicated thread may block: it owns nothing else.
        while (_channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (_channel.Reader.TryRead(out var work)) work();
        }
    }
}
