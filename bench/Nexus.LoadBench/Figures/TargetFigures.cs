namespace Nexus.LoadBench.Figures;

/// <summary>Everything measured on one target; null where a figure was not taken (skipped target, failed step).</summary>
internal sealed class TargetFigures(string name)
{
    public string Name => name;

    /// <summary>Why the target was not run at all.</summary>
    public string? Skipped { get; set; }

    /// <summary>Steps that failed (the run goes on with the next step or target).</summary>
    public List<string> Failures { get; } = [];

    /// <summary>Correctness checks that did not hold (the figures they qualify are marked).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>What was checked, for the record.</summary>
    public List<string> Checks { get; } = [];

    public double? SpawnToReadyMs { get; set; }
    public double? SpawnMinMs { get; set; }
    public double? SpawnMaxMs { get; set; }
    public double? IdleRssBytes { get; set; }
    public double? BytesPerIdleConnection { get; set; }
    public double? TriggersPerSecond { get; set; }
    public double? HttpP50Ms { get; set; }
    public double? HttpP99Ms { get; set; }
    public double? WsP50Us { get; set; }
    public double? WsP99Us { get; set; }
    public double? FanOutP50Ms { get; set; }
    public double? FanOutP99Ms { get; set; }
}
