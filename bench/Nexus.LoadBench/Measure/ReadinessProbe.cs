using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Measure;

/// <summary>
/// Waits for the first <c>GET /health/ready</c> 200: a new raw TCP connection per attempt, an attempt every
/// <see cref="PollInterval"/> (a refused connect costs microseconds, so the error is about one interval), on a
/// thread of its own with <c>Thread.Sleep</c> (nanosleep), not timer-based delays.
/// </summary>
internal static class ReadinessProbe
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    /// <summary>Time from the spawn to the first 200.</summary>
    public static Task<TimeSpan> WaitAsync(ServerProcess server, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Wait(server, timeout, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static TimeSpan Wait(ServerProcess server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = Stopwatch.GetTimestamp();
            if (IsReady(server.HttpPort)) return Stopwatch.GetElapsedTime(server.SpawnedAt);
            if (server.HasExited) throw new BenchFailure("exited before it was ready: " + server.Describe());
            if (Stopwatch.GetElapsedTime(server.SpawnedAt) > timeout) throw new BenchFailure($"not ready after {timeout.TotalSeconds:F0} s: " + server.Describe());
            var rest = PollInterval - Stopwatch.GetElapsedTime(attempt);
            if (rest > TimeSpan.Zero) Thread.Sleep(rest);
        }
    }

    private static bool IsReady(int port)
    {
        using var socket = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true, ReceiveTimeout = 2000, SendTimeout = 2000,
        };
        try
        {
            socket.Connect(IPAddress.Loopback, port);
            socket.Send(Request);
            var buffer = new byte[64];
            var length = 0;
            while (length < 12)
            {
                var read = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
                if (read == 0) return false;
                length += read;
            }
            return Encoding.ASCII.GetString(buffer, 0, length).StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false; // not listening yet (refused), or closed mid-answer
        }
    }
}
