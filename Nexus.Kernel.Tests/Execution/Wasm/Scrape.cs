using System.Globalization;

namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>Reads one sample from a Prometheus text exposition (exact series name including labels).</summary>
internal static class Scrape
{
    public static async Task<string> MetricsAsync(int port)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync($"http://127.0.0.1:{port}/metrics");
    }

    /// <summary>The value of <paramref name="series"/>, or null when the series is not exported.</summary>
    public static double? Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
