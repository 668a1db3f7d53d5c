using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Proof;

namespace Nexus.LoadBench.Measure;

/// <summary>
/// Bytes per idle WebSocket connection: the server's RSS (VmRSS) before and after opening <c>count</c> connections
/// to one panel, each after a settle pause (we cannot force the server's GC; RSS is what a node pays), divided by
/// <c>count</c>. The connections stay subscribed and silent, then are closed.
/// </summary>
internal static class IdleConnections
{
    public static async Task<double> BytesPerConnectionAsync(ServerProcess server, string panel, int count, TimeSpan settle, CancellationToken cancellationToken)
    {
        await Task.Delay(settle, cancellationToken);
        var before = server.ResidentBytes();
        await using var crowd = await SocketCrowd.OpenAsync(server.WsPort, panel, count, cancellationToken);
        await Task.Delay(settle, cancellationToken);
        var after = server.ResidentBytes();
        Progress.Say($"  {count} idle connections: RSS {before / 1e6:F1} → {after / 1e6:F1} MB");
        return (after - before) / (double)count;
    }
}
