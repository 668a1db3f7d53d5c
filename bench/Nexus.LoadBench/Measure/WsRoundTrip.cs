using System.Diagnostics;
using System.Globalization;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Measure;

/// <summary>
/// TRIGGER → RESULT on one WebSocket connection, one at a time: the client unsubscribes from state and events
/// (a PING/PONG makes sure that took effect), warms up, then times each round trip. Every RESULT must carry the
/// request's id and a successful result.
/// </summary>
internal static class WsRoundTrip
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    public static async Task<List<double>> MeasureAsync(ServerProcess server, string panel, int warmUp, int timed, CancellationToken cancellationToken)
    {
        await using var socket = await Socket.ConnectAsync(server.WsPort, panel, cancellationToken);
        await socket.SendAsync("""{"type":"UNSUBSCRIBE","topics":["state","events"]}""");
        await socket.SendAsync("""{"type":"PING","requestId":"settled"}""");
        await socket.ReceiveTypeAsync("PONG").WaitAsync(StepTimeout, cancellationToken);

        var micros = new List<double>(timed);
        for (var i = 0; i < warmUp + timed; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await socket.SendAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"type":"TRIGGER","tool":"inc","args":{},"requestId":{{i}}}"""));
            await ExpectResultAsync(socket, i).WaitAsync(StepTimeout, cancellationToken);
            if (i >= warmUp) micros.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
        return micros;
    }

    private static async Task ExpectResultAsync(Socket socket, int requestId)
    {
        while (true)
        {
            var message = await socket.ReceiveAsync();
            var type = message.GetProperty("type").GetString();
            if (type == "ERROR") throw new BenchFailure($"TRIGGER {requestId}: {message}");
            if (type != "RESULT") continue;
            var echoed = message.TryGetProperty("requestId", out var id) ? id.GetRawText() : "none";
            var status = message.GetProperty("result").GetProperty("status").GetString();
            if (echoed != requestId.ToString(CultureInfo.InvariantCulture) || status != "success")
            {
                throw new BenchFailure($"TRIGGER {requestId}: unexpected RESULT {message}");
            }
            return;
        }
    }
}
