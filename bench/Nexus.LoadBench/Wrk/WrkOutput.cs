using System.Globalization;
using System.Text.RegularExpressions;

namespace Nexus.LoadBench.Wrk;

/// <summary>
/// What wrk printed with <c>--latency</c>: requests/s, the latency distribution (wrk writes times as
/// <c>850.00us</c>, <c>1.23ms</c>, <c>2.00s</c>, <c>1.50m</c>), completed requests, socket errors and the
/// "Non-2xx or 3xx responses" line (absent when there were none).
/// </summary>
internal sealed partial record WrkOutput(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors, long Timeouts)
{
    public static WrkOutput Parse(string text)
    {
        var requestsPerSecond = Number(RequestsPerSecondLine().Match(text), "Requests/sec");
        var p50 = Milliseconds(PercentileLine("50").Match(text), "50%");
        var p99 = Milliseconds(PercentileLine("99").Match(text), "99%");
        var requests = (long)Number(RequestsLine().Match(text), "N requests in");
        var non2xx = Non2xxLine().Match(text) is { Success: true } bad ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        long errors = 0, timeouts = 0;
        if (SocketErrorsLine().Match(text) is { Success: true } socket)
        {
            for (var group = 1; group <= 4; group++) errors += long.Parse(socket.Groups[group].Value, CultureInfo.InvariantCulture);
            timeouts = long.Parse(socket.Groups[4].Value, CultureInfo.InvariantCulture);
        }
        return new WrkOutput(requestsPerSecond, p50, p99, requests, non2xx, errors, timeouts);
    }

    private static Regex PercentileLine(string percent) => new($@"^\s*{percent}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", RegexOptions.Multiline);

    private static double Number(Match match, string what) => match.Success
        ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
        : throw new FormatException($"wrk output has no '{what}' line");

    private static double Milliseconds(Match match, string what)
    {
        var value = Number(match, what);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            "h" => value * 3_600_000,
            var unit => throw new FormatException($"unknown wrk time unit '{unit}'"),
        };
    }

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"^\s*(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^\s*Non-2xx or 3xx responses:\s+(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SocketErrorsLine();
}
