using System.Globalization;
using System.Net;

namespace Nexus.Kernel.Configuration;

/// <summary>The rules of the settings that are not plain integers. Each throws a <see cref="FormatException"/>
/// whose message is the broken rule; <see cref="SettingReader"/> turns it into the one-line start-up error.</summary>
internal static class SettingParsers
{
    public static bool Bool(string raw) => raw.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException("must be true or false"),
    };

    public static T Choice<T>(string raw, (string Word, T Value)[] choices)
    {
        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, raw, StringComparison.OrdinalIgnoreCase)) return value;
        }
        throw new FormatException("must be one of " + string.Join(", ", choices.Select(c => c.Word)));
    }

    public static Func<string, long> Long(long min) => raw =>
        long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new FormatException($"must be an integer >= {min}");

    /// <summary>A size such as <c>512kb</c> or <c>1mb</c> (powers of 1024); a bare number is bytes.</summary>
    public static long Size(string raw)
    {
        var text = raw.ToLowerInvariant();
        var (digits, factor) = text switch
        {
            _ when text.EndsWith("gb", StringComparison.Ordinal) => (text[..^2], 1L << 30),
            _ when text.EndsWith("mb", StringComparison.Ordinal) => (text[..^2], 1L << 20),
            _ when text.EndsWith("kb", StringComparison.Ordinal) => (text[..^2], 1L << 10),
            _ when text.EndsWith('b') => (text[..^1], 1L),
            _ => (text, 1L),
        };
        if (!long.TryParse(digits.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > long.MaxValue / factor)
        {
            throw new FormatException("must be a size >= 1 such as 512kb or 1mb (b, kb, mb, gb: powers of 1024)");
        }
        return n * factor;
    }

    public static IPAddress Address(string raw) =>
        IPAddress.TryParse(raw, out var address) ? address : throw new FormatException("must be an IP address");

    public static Uri? HttpUrl(string raw) =>
        Uri.TryCreate(raw, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException("must be an absolute http(s) URL");

    public static IReadOnlyList<IPNetwork> Networks(string raw)
    {
        var networks = new List<IPNetwork>();
        foreach (var item in List(raw))
        {
            if (IPNetwork.TryParse(item, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(item, out var address)) networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else throw new FormatException($"'{item}' is not an IP address or CIDR");
        }
        return networks;
    }

    public static IReadOnlyList<string> Origins(string raw)
    {
        var origins = List(raw);
        foreach (var origin in origins)
        {
            var valid = origin == "*" || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/");
            if (!valid) throw new FormatException($"'{origin}' is not * or an http(s) origin");
        }
        return origins;
    }

    public static IReadOnlyList<string> HostNames(string raw)
    {
        var domains = List(raw);
        foreach (var domain in domains)
        {
            if (Uri.CheckHostName(domain) != UriHostNameType.Dns) throw new FormatException($"'{domain}' is not a host name");
        }
        return domains.Select(d => d.ToLowerInvariant()).ToArray();
    }

    /// <summary>The URL form is checked here so a typo stops start-up with one line; the host:port,option=value form is
    /// StackExchange.Redis's own and is parsed when the store connects.</summary>
    public static string? RedisUrl(string raw) =>
        raw.Contains("://", StringComparison.Ordinal)
        && !(Uri.TryCreate(raw, UriKind.Absolute, out var uri) && uri.Scheme is "redis" or "rediss" && uri.Host.Length > 0)
            ? throw new FormatException("must look like redis://[:password@]host:port[/db] or host:port[,option=value]")
            : raw;

    private static string[] List(string raw) => raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
