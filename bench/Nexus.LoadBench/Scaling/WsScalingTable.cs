using System.Globalization;
using System.Text;

namespace Nexus.LoadBench.Scaling;

/// <summary>The WebSocket scaling rows as one markdown table, a column per target, failures listed under it.</summary>
internal static class WsScalingTable
{
    public static string Render(List<WsScalingFigures> columns, int[] idleCounts, int[] fanOutClients, string header)
    {
        var text = new StringBuilder().AppendLine(header).AppendLine();
        text.AppendLine("| row | " + string.Join(" | ", columns.Select(c => c.Name)) + " |");
        text.AppendLine("|---|" + string.Concat(columns.Select(_ => "---|")));
        text.AppendLine("| RSS, no connection | " + string.Join(" | ", columns.Select(c => Mb(c.RssBeforeBytes))) + " |");
        foreach (var count in idleCounts)
        {
            text.AppendLine(Invariant($"| {count:N0} idle connections: RSS, bytes per connection | ") + string.Join(" | ", columns.Select(c =>
                c.IdleRssBytes.TryGetValue(count, out var rss) && c.RssBeforeBytes is { } before
                    ? Invariant($"{rss / 1e6:F1} MB, {(rss - before) / (double)count / 1024:F1} KiB")
                    : "—")) + " |");
        }
        foreach (var clients in fanOutClients)
        {
            text.AppendLine(Invariant($"| one PATCH → {clients:N0} clients p50 / p99 | ") + string.Join(" | ", columns.Select(c =>
                c.FanOutMs.TryGetValue(clients, out var f) ? Invariant($"{f.P50:F1} / {f.P99:F1} ms") : "—")) + " |");
        }
        foreach (var column in columns)
        {
            if (column.Skipped is not null) text.AppendLine().Append(Invariant($"- {column.Name}: skipped, {column.Skipped}"));
            foreach (var failure in column.Failures) text.AppendLine().Append(Invariant($"- {column.Name}: {failure}"));
        }
        return text.ToString();
    }

    private static string Mb(long? bytes) => bytes is { } b ? Invariant($"{b / 1e6:F1} MB") : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
