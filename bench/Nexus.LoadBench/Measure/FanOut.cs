using System.Diagnostics;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Measure;

/// <summary>
/// One PATCH fanned out to <c>clients</c> subscribers of one panel: per round, every client starts waiting, one HTTP
/// trigger is sent, and each client's latency is the time from sending that POST to its receipt of the PATCH.
/// Percentiles are over every (client, round). Every client must see the same version each round, one more than the
/// round before. One untimed round first. The receiving clients share this process's 2 cores with the server, so
/// the figure includes client-side scheduling, the same for every target.
/// </summary>
internal static class FanOut
{
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);

    public static async Task<List<double>> MeasureAsync(ServerProcess server, BenchApi api, string panel, int clients, int rounds, CancellationToken cancellationToken)
    {
        await using var crowd = await SocketCrowd.OpenAsync(server.WsPort, panel, clients, cancellationToken);
        var micros = new List<double>(clients * rounds);
        long? previous = null;
        for (var round = 0; round <= rounds; round++)
        {
            var receipts = crowd.Sockets.Select(ReceivePatchAsync).ToList(); // each is waiting for a frame now
            var sent = Stopwatch.GetTimestamp();
            await api.TriggerAsync(panel, cancellationToken);
            var results = await Task.WhenAll(receipts).WaitAsync(RoundTimeout, cancellationToken);
            var versions = results.Select(r => r.Version).Distinct().ToList();
            if (versions.Count != 1 || (previous is { } last && versions[0] != last + 1))
            {
                throw new BenchFailure($"fan-out round {round}: versions {string.Join(",", versions.Take(5))} after {previous}");
            }
            previous = versions[0];
            if (round > 0) micros.AddRange(results.Select(r => Stopwatch.GetElapsedTime(sent, r.ReceivedAt).TotalMicroseconds));
        }
        return micros;
    }

    private static async Task<(long ReceivedAt, long Version)> ReceivePatchAsync(Socket socket)
    {
        var patch = await socket.ReceiveTypeAsync("PATCH");
        var receivedAt = Stopwatch.GetTimestamp();
        return (receivedAt, patch.GetProperty("version").GetInt64());
    }
}
