using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Nexus.Kernel.WebSockets.Upgrade;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// The upgraded connection's stream over a real loopback socket pair: writes go to the socket on the caller's
/// thread, not through the output pipe, and disposing it while a write waits on a peer that does not read cuts the
/// connection.
/// </summary>
public class TransportStreamTests
{
    [Test]
    public async Task A_write_is_on_the_socket_when_it_returns_and_nothing_waits_in_the_output_pipe()
    {
        var (server, client) = await ConnectedPairAsync();
        using var serverSide = server;
        using var clientSide = client;
        var pipes = new DuplexPipe(new Pipe(), new Pipe());
        using var stream = new TransportStream(pipes, server, server.Dispose);

        var write = stream.WriteAsync("frame"u8.ToArray());

        await Assert.That(write.IsCompletedSuccessfully).IsTrue();
        await Assert.That(pipes.Out.Reader.TryRead(out var waiting)).IsFalse();
        var received = new byte[16];
        var count = await client.ReceiveAsync(received);
        await Assert.That(received.AsSpan(0, count).SequenceEqual("frame"u8)).IsTrue();
    }

    [Test]
    public async Task Disposing_it_while_a_write_waits_for_a_peer_that_does_not_read_cuts_the_connection()
    {
        var (server, client) = await ConnectedPairAsync();
        using var serverSide = server;
        using var clientSide = client;
        var aborted = 0;
        var stream = new TransportStream(new DuplexPipe(new Pipe(), new Pipe()), server, () =>
        {
            Interlocked.Increment(ref aborted);
            server.Dispose();
        });

        // The client never reads: writes complete at once until both sides' buffers are full, then one waits.
        var chunk = new byte[64 * 1024];
        ValueTask pending;
        var written = 0L;
        do
        {
            pending = stream.WriteAsync(chunk);
            written += chunk.Length;
        }
        while (pending.IsCompletedSuccessfully && written < 512L * 1024 * 1024);
        await Assert.That(pending.IsCompleted).IsFalse();

        await stream.DisposeAsync();

        await Assert.That(Volatile.Read(ref aborted)).IsEqualTo(1);
        // Bounded generously: without the cut the write waits for as long as the peer does not read.
        Exception? failure = null;
        try
        {
            await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            failure = error;
        }
        await Assert.That(failure).IsNotNull();
    }

    private static async Task<(Socket Server, Socket Client)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepted = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (await accepted, client);
    }

    private sealed record DuplexPipe(Pipe In, Pipe Out) : IDuplexPipe
    {
        public PipeReader Input => In.Reader;
        public PipeWriter Output => Out.Writer;
    }
}
