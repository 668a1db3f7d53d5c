namespace Nexus.LoadBench.Measure;

/// <summary>Many bench WebSocket clients on one panel, opened and closed a few at a time (bounded, each step timed out).</summary>
internal sealed class SocketCrowd : IAsyncDisposable
{
    private const int Parallelism = 16;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private SocketCrowd(List<Socket> sockets) => Sockets = sockets;

    public IReadOnlyList<Socket> Sockets { get; }

    public static async Task<SocketCrowd> OpenAsync(int port, string panel, int count, CancellationToken cancellationToken)
    {
        var sockets = new Socket?[count];
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, token) =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(ConnectTimeout);
                sockets[i] = await Socket.ConnectAsync(port, panel, timeout.Token);
            });
        }
        catch (Exception error)
        {
            await CloseAsync(sockets.OfType<Socket>());
            var opened = sockets.Count(s => s is not null);
            throw new BenchFailure($"opened {opened} of {count} WebSocket connections to {panel}: {error.GetType().Name}: {error.Message}");
        }
        return new SocketCrowd(sockets.Select(s => s!).ToList());
    }

    public ValueTask DisposeAsync() => new(CloseAsync(Sockets));

    private static Task CloseAsync(IEnumerable<Socket> sockets) =>
        Parallel.ForEachAsync(sockets, new ParallelOptions { MaxDegreeOfParallelism = 64 }, (socket, _) => socket.DisposeAsync());
}
