using Prometheus;

namespace Nexus.Kernel.Observability;

/// <summary>
/// A latency histogram in seconds. prometheus-net's histogram is already lock-free per observation, so the
/// hot path observes into it directly; callers outside Observability/ never see the library's types.
/// </summary>
internal sealed class DurationHistogram(Histogram histogram)
{
    public long Count => histogram.Count;

    public void Observe(TimeSpan duration) => histogram.Observe(duration.TotalSeconds);
}
