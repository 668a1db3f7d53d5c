using System.Globalization;

namespace Nexus.Kernel.Configuration;

/// <summary>Typed, rule-checked reads of single variables. An empty value counts as unset.</summary>
internal sealed class SettingReader(IConfiguration configuration)
{
    public string? String(string name)
    {
        var value = configuration[name];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>An integer setting of the table, with its own default and bounds.</summary>
    public int Int(Setting setting) => Int(setting.Name, setting.DefaultNumber, setting.Min, setting.Max);

    public int Int(string name, int fallback, int min, int max = int.MaxValue)
    {
        var raw = String(name);
        if (raw is null) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ConfigurationException.Invalid(name, raw, max == int.MaxValue
                ? $"must be an integer >= {min}"
                : $"must be an integer from {min} to {max}");
        }
        return value;
    }

    public long Long(string name, long fallback, long min)
    {
        var raw = String(name);
        if (raw is null) return fallback;
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw ConfigurationException.Invalid(name, raw, $"must be an integer >= {min}");
        }
        return value;
    }

    public bool Bool(string name, bool fallback)
    {
        var raw = String(name);
        if (raw is null) return fallback;
        return raw.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw ConfigurationException.Invalid(name, raw, "must be true or false"),
        };
    }

    public T Choice<T>(string name, T fallback, params (string Word, T Value)[] choices)
    {
        var raw = String(name);
        if (raw is null) return fallback;
        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, raw, StringComparison.OrdinalIgnoreCase)) return value;
        }
        throw ConfigurationException.Invalid(name, raw, "must be one of " + string.Join(", ", choices.Select(c => c.Word)));
    }

    public IReadOnlyList<string> List(string name)
    {
        var raw = String(name);
        return raw is null ? [] : raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>A size such as <c>512kb</c> or <c>1mb</c> (powers of 1024); a bare number is bytes.</summary>
    public long Size(string name, long fallback)
    {
        var raw = String(name);
        if (raw is null) return fallback;
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
            throw ConfigurationException.Invalid(name, raw, "must be a size >= 1 such as 512kb or 1mb (b, kb, mb, gb: powers of 1024)");
        }
        return n * factor;
    }
}
