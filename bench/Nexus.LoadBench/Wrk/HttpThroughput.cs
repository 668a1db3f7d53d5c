using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Proof;

namespace Nexus.LoadBench.Wrk;

/// <summary>
/// HTTP triggers/s and latency: a short wrk warm-up run, then the measured run, on panels p0..p{panels-1}. Then the
/// counters are checked: no non-2xx and no socket errors, p0's count above zero, and the sum of the counts between
/// the responses wrk completed and that plus what may still have been in flight when wrk stopped (one request per
/// connection per run, plus timed-out requests).
/// </summary>
internal static class HttpThroughput
{
    public sealed record Result(WrkOutput Main, IReadOnlyList<string> Problems, string Check);

    public static async Task<Result> MeasureAsync(ServerProcess server, BenchApi api, string script, int panels, int warmUpSeconds, int seconds, CancellationToken cancellationToken)
    {
        var warm = await WrkRun.RunAsync(script, server.HttpPort, warmUpSeconds, panels, cancellationToken);
        Progress.Say($"  wrk warm-up: {warm.RequestsPerSecond:F0} req/s");
        var main = await WrkRun.RunAsync(script, server.HttpPort, seconds, panels, cancellationToken);
        Progress.Say($"  wrk: {main.RequestsPerSecond:F0} req/s, p50 {main.P50Ms:F2} ms, p99 {main.P99Ms:F2} ms, {main.Requests} requests");

        long sum = 0, first = 0;
        for (var i = 0; i < panels; i++)
        {
            var count = await api.CountAsync("p" + i, cancellationToken);
            if (i == 0) first = count;
            sum += count;
        }
        var completed = warm.Requests + main.Requests;
        var failed = warm.Non2xx + main.Non2xx;
        var inFlight = 2L * WrkRun.Connections + warm.Timeouts + main.Timeouts;
        var problems = new List<string>();
        if (failed > 0) problems.Add($"wrk saw {failed} non-2xx responses");
        if (warm.SocketErrors + main.SocketErrors > 0) problems.Add($"wrk saw {warm.SocketErrors + main.SocketErrors} socket errors");
        if (first <= 0) problems.Add("panel p0's count is 0 after the run");
        if (sum < completed - failed || sum > completed + inFlight) problems.Add($"counts sum to {sum}, expected {completed - failed}..{completed + inFlight}");
        var check = $"{completed} responses ({failed} non-2xx), counters sum to {sum}";
        return new Result(main, problems, check);
    }
}
