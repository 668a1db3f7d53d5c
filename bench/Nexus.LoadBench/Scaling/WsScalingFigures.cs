namespace Nexus.LoadBench.Scaling;

/// <summary>One target's column of the WebSocket scaling table.</summary>
internal sealed class WsScalingFigures(string name)
{
    public string Name => name;
    public string? Skipped { get; set; }
    public List<string> Failures { get; } = [];
    public long? RssBeforeBytes { get; set; }
    public Dictionary<int, long> IdleRssBytes { get; } = [];
    public Dictionary<int, (double P50, double P99)> FanOutMs { get; } = [];
}
