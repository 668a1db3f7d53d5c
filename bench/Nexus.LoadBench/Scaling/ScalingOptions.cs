using System.Globalization;

namespace Nexus.LoadBench.Scaling;

/// <summary>The command line of <c>scaling</c>: which binary, which sizes (full or quick), where the table goes.</summary>
internal sealed record ScalingOptions(string AotBinary, string BaselineScript, string WrkScript, string OutFile, bool Quick, bool Baseline)
{
    public const string Usage = "usage: Nexus.LoadBench scaling [--quick] [--aot PATH] [--baseline PATH] [--no-baseline] [--out FILE]";

    /// <summary>Panel counts of the panels row (more than any warm sandbox pool: sandboxes are not per panel).</summary>
    public int[] PanelCounts => Quick ? [10, 100, 1_000] : [10, 1_000, 10_000];

    /// <summary>State sizes of the state row, in bytes (one key holds a string of this length).</summary>
    public int[] StateSizes => Quick ? [1_024, 10_240, 102_400] : [1_024, 102_400, 1_048_576];

    public int[] CoreCounts => [1, 2];

    public int WrkSeconds => Quick ? 3 : 10;

    public int WarmUpSeconds => Quick ? 1 : 3;

    /// <summary>Sequential triggers timed per state size (after a tenth as many untimed ones): fewer for big states,
    /// whose triggers take milliseconds each.</summary>
    public int TimedTriggers(int stateBytes) => (stateBytes <= 10_240 ? 500 : stateBytes <= 102_400 ? 300 : 100) / (Quick ? 5 : 1);

    public TimeSpan Budget => Quick ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(15);

    public static ScalingOptions Parse(string[] args, string root)
    {
        var options = new ScalingOptions(
            Path.Combine(root, "artifacts", "aot", "nexus-kernel"),
            Path.Combine(root, "bench", "baseline", "server.mjs"),
            Path.Combine(root, "bench", "wrk", "trigger.lua"),
            "", Quick: false, Baseline: true);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--no-baseline" => options with { Baseline = false },
                "--aot" => options with { AotBinary = Path.GetFullPath(Next()) },
                "--baseline" => options with { BaselineScript = Path.GetFullPath(Next()) },
                "--out" => options with { OutFile = Path.GetFullPath(Next()) },
                var other => throw new ArgumentException($"unknown argument '{other}'"),
            };
        }
        if (options.OutFile.Length == 0)
        {
            var name = options.Quick ? "scaling-quick.md" : "scaling-full.md";
            options = options with { OutFile = Path.Combine(root, "artifacts", "bench", name) };
        }
        return options;
    }

    public static string Text(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
