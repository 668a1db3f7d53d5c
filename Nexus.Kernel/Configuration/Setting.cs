using System.Globalization;

namespace Nexus.Kernel.Configuration;

/// <summary>
/// One environment variable: its name, its default and rule as an operator reads them, and what it is for. Integer
/// settings also carry their default and bounds as numbers, which the loader reads them with, so the README table
/// (<see cref="Settings.MarkdownTable"/>) and the checks cannot drift apart.
/// </summary>
internal sealed record Setting(string Name, string Default, string Rule, string Help, bool Secret = false)
{
    public int DefaultNumber { get; private init; }

    public int Min { get; private init; }

    public int Max { get; private init; } = int.MaxValue;

    public static Setting Int(string name, int fallback, int min, string help, int max = int.MaxValue) =>
        new(name, Text(fallback), max == int.MaxValue ? $"integer ≥ {Text(min)}" : $"integer {Text(min)}–{Text(max)}", help)
        {
            DefaultNumber = fallback,
            Min = min,
            Max = max,
        };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
