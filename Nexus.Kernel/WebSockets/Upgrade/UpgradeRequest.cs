using System.Text;
using System.Text.RegularExpressions;

namespace Nexus.Kernel.WebSockets.Upgrade;

/// <summary>
/// The one request head the WebSocket port answers by itself: <c>GET /panels/{id}/ws</c>, HTTP/1.1, a valid
/// WebSocket version 13 upgrade. Anything it does not recognise exactly (other paths or methods, escapes in the
/// path or the token, duplicate or body headers, folded lines) is not parsed, and the connection goes to the
/// regular HTTP pipeline, which answers it as before: the fast path only ever accepts, it never refuses.
/// </summary>
internal sealed partial record UpgradeRequest(string PanelId, string? Token, string SecWebSocketKey)
{
    /// <summary>Kestrel's own default limit for a request head (MaxRequestHeadersTotalSize is 32 KiB).</summary>
    public const int MaxHeadBytes = 16 * 1024;

    /// <summary>Never the token: this must be safe to log.</summary>
    public override string ToString() => $"WebSocket upgrade to panel {PanelId}";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PanelIdPattern();

    /// <summary>Parses a complete head (through the blank line) or returns null.</summary>
    public static UpgradeRequest? TryParse(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        if (lines.Length < 3 || lines[^1] != "" || lines[^2] != "") return null;
        var (panelId, queryToken, ok) = ParseRequestLine(lines[0]);
        if (!ok) return null;

        // host, upgrade, connection, sec-websocket-version, sec-websocket-key, authorization: each at most once.
        var values = new string?[6];
        for (var i = 1; i < lines.Length - 2; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[0] is ' ' or '\t' || line.AsSpan(0, colon).ContainsAny(' ', '\t')) return null;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            var slot = name.ToLowerInvariant() switch
            {
                "host" => 0, "upgrade" => 1, "connection" => 2, "sec-websocket-version" => 3, "sec-websocket-key" => 4, "authorization" => 5,
                "content-length" or "transfer-encoding" => -2,
                _ => -1,
            };
            if (slot == -2) return null;
            if (slot < 0) continue;
            if (values[slot] is not null) return null;
            values[slot] = value;
        }
        var (host, upgrade, connection, version, key, authorization) = (values[0], values[1], values[2], values[3], values[4], values[5]);
        if (string.IsNullOrEmpty(host) || !string.Equals(upgrade, "websocket", StringComparison.OrdinalIgnoreCase) || version != "13") return null;
        if (connection is null || !connection.Split(',').Any(t => t.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase))) return null;
        if (!IsValidKey(key)) return null;
        return new UpgradeRequest(panelId!, BearerToken(authorization) ?? queryToken, key!);
    }

    private static (string? PanelId, string? Token, bool Ok) ParseRequestLine(string line)
    {
        const string prefix = "GET /panels/", suffix = " HTTP/1.1";
        if (!line.StartsWith(prefix, StringComparison.Ordinal) || !line.EndsWith(suffix, StringComparison.Ordinal)) return (null, null, false);
        var target = line[(prefix.Length - "/panels/".Length)..^suffix.Length];
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        if (!path.EndsWith("/ws", StringComparison.Ordinal)) return (null, null, false);
        var panelId = path["/panels/".Length..^"/ws".Length];
        if (!PanelIdPattern().IsMatch(panelId)) return (null, null, false);
        if (question < 0) return (panelId, null, true);

        string? token = null;
        foreach (var pair in target[(question + 1)..].Split('&'))
        {
            if (pair.AsSpan().ContainsAny(' ', '#')) return (null, null, false);
            if (!pair.StartsWith("token=", StringComparison.Ordinal) && pair != "token") continue;
            // Repeated or escaped tokens are the pipeline's to decode exactly as before.
            if (token is not null || pair.AsSpan().ContainsAny('%', '+')) return (null, null, false);
            token = pair.Length > "token=".Length ? pair["token=".Length..] : "";
        }
        return (panelId, token, true);
    }

    private static string? BearerToken(string? header)
    {
        const string prefix = "Bearer ";
        return header is not null && header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : null;
    }

    private static bool IsValidKey(string? key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key is { Length: 24 } && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }
}
