using System.Globalization;

namespace Nexus.LoadBench.Proof;

/// <summary>
/// The proof run's command line: <c>[--quick] [--aot PATH] [--jit PATH] [--baseline PATH] [--targets aot,jit,node]
/// [--no-micro] [--out FILE]</c>. Paths default to the repository's artifacts/aot, artifacts/jit and
/// bench/baseline/server.mjs. Durations and counts come from <see cref="ProofProfile"/>.
/// </summary>
internal sealed class ProofOptions
{
    public const string Usage = "usage: Nexus.LoadBench [--quick] [--aot PATH] [--jit PATH] [--baseline PATH] [--targets aot,jit,node] [--no-micro] [--out FILE]\n" +
                                "       Nexus.LoadBench soak <binary> <seconds>";

    public required string Root { get; init; }
    public bool Quick { get; private set; }
    public bool Micro { get; private set; } = true;
    public string AotBinary { get; private set; } = "";
    public string JitBinary { get; private set; } = "";
    public string BaselineScript { get; private set; } = "";
    public string? OutFile { get; private set; }
    public HashSet<string> Targets { get; private set; } = ["aot", "jit", "node"];
    public ProofProfile Profile => Quick ? ProofProfile.QuickRun : ProofProfile.FullRun;
    public string WrkScript => Path.Combine(Root, "bench", "wrk", "trigger.lua");

    public static ProofOptions Parse(string[] args, string root)
    {
        var options = new ProofOptions
        {
            Root = root,
            AotBinary = Path.Combine(root, "artifacts", "aot", "nexus-kernel"),
            JitBinary = Path.Combine(root, "artifacts", "jit", "nexus-kernel"),
            BaselineScript = Path.Combine(root, "bench", "baseline", "server.mjs"),
        };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick": options.Quick = true; break;
                case "--full": options.Quick = false; break;
                case "--no-micro": options.Micro = false; break;
                case "--aot": options.AotBinary = Path.GetFullPath(Value()); break;
                case "--jit": options.JitBinary = Path.GetFullPath(Value()); break;
                case "--baseline": options.BaselineScript = Path.GetFullPath(Value()); break;
                case "--out": options.OutFile = Path.GetFullPath(Value()); break;
                case "--targets": options.Targets = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        var unknown = options.Targets.Except(["aot", "jit", "node"]).ToList();
        if (unknown.Count > 0) throw new ArgumentException("unknown target " + string.Join(",", unknown));
        return options;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(Quick ? "quick" : "full")} run, {Environment.ProcessorCount} cores");
}
