using System.Globalization;

namespace Nexus.Kernel.Configuration;

/// <summary>
/// One environment variable: its name, its default and rule as an operator reads them, and what it is for. Integer
/// settings also carry their default and bounds as numbers, and every other setting the loader reads is a
/// <see cref="Setting{T}"/> carrying its default value and the parse that checks its rule, so the README table
/// (<see cref="Settings.MarkdownTable"/>), the defaults and the checks cannot drift apart.
/// </summary>
internal record Setting(string Name, string Default, string Rule, string Help, bool Secret = false)
{
    public int DefaultNumber { get; private init; }

    public int Min { get; private init; }

    public int Max { get; private init; } = int.MaxValue;

    /// <param name="defaultText">For a default that is not a constant (e.g. "2 × cores"); else the number.</param>
    /// <param name="ruleText">For a bound that is another setting; else "integer ≥ min" or "integer min–max".</param>
    public static Setting Int(string name, int fallback, int min, string help, int max = int.MaxValue,
        string? defaultText = null, string? ruleText = null) =>
        new(name, defaultText ?? Text(fallback),
            ruleText ?? (max == int.MaxValue ? $"integer ≥ {Text(min)}" : $"integer {Text(min)}–{Text(max)}"), help)
        {
            DefaultNumber = fallback,
            Min = min,
            Max = max,
        };

    public static Setting<bool> Bool(string name, bool fallback, string defaultText, string help) =>
        new(name, defaultText, "`true`/`false`", help, fallback, SettingParsers.Bool);

    /// <summary>Free text (a name, a path); unset is <paramref name="fallback"/>.</summary>
    public static Setting<string?> Text(string name, string? fallback, string defaultText, string rule, string help) =>
        new(name, defaultText, rule, help, fallback, raw => raw);

    public static Setting<T> Choice<T>(string name, T fallback, string defaultText, string rule, string help,
        params (string Word, T Value)[] choices) =>
        new(name, defaultText, rule, help, fallback, raw => SettingParsers.Choice(raw, choices));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A setting read as a <typeparamref name="T"/>: its value when unset, and the parse that checks its rule
/// (it throws a <see cref="FormatException"/> whose message is the rule broken).</summary>
internal sealed record Setting<T>(string Name, string Default, string Rule, string Help, T Fallback, Func<string, T> Parse, bool Secret = false)
    : Setting(Name, Default, Rule, Help, Secret);
