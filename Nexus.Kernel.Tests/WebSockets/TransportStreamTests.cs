using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Nexus.Kernel.WebSockets.Upgrade;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// The upgraded connection's stream over a real loopback socket pair: writes go to the socket on the caller's
/// thread, not through the output pipe; what the socket does not take at once follows, whole and once; and
/// disposing it while a write waits on a peer that does not read cuts the connection.
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

    [Test]
    public async Task A_write_bigger_than_the_socket_buffers_returns_pending_and_the_peer_gets_every_byte_once_in_order()
    {
        var (server, client) = await ConnectedPairAsync();
        using var serverSide = server;
        using var clientSide = client;
        using var stream = new TransportStream(new DuplexPipe(new Pipe(), new Pipe()), server, server.Dispose);
        var payload = new byte[32 * 1024 * 1024];
        for (var i = 0; i < payload.Length; i += 4) BitConverter.TryWriteBytes(payload.AsSpan(i), i);

        // Nobody reads yet: the socket takes part of it at once and the rest must wait, without blocking the caller
        // (a blocking send would hold it until the peer reads: bounded generously, one-sided).
        Task? write = null;
        await Task.Run(() => { write = stream.WriteAsync(payload).AsTask(); }).WaitAsync(TimeSpan.FromSeconds(60));
        await Assert.That(write!.IsCompleted).IsFalse();

        var received = new byte[payload.Length + 1];
        var total = 0;
        while (total < payload.Length)
        {
            var count = await client.ReceiveAsync(received.AsMemory(total));
            if (count == 0) break;
            total += count;
        }
        await write;
        server.Shutdown(SocketShutdown.Send);
        total += await client.ReceiveAsync(received.AsMemory(total)); // 0 at the end: nothing was sent twice
        await Assert.That(total).IsEqualTo(payload.Length);
        await Assert.That(received.AsSpan(0, total).SequenceEqual(payload)).IsTrue();
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
