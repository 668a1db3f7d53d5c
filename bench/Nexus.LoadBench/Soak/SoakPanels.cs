using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// The panels that live for the whole soak. Good panels hold well-behaved tools plus two quick hostile ones that
/// write before failing (their batch must never show: <c>count</c> stays ≥ 0); hostile panels hold the slow limits.
/// Expected codes were checked against the kernel: runaway recursion is <c>RESOURCE_LIMIT</c> (README "Limits").
/// </summary>
internal static class SoakPanels
{
    public static readonly string[] Good = ["good-0", "good-1", "good-2", "good-3"];
    public static readonly string[] Hostile = ["hostile-0", "hostile-1"];
    public static IEnumerable<string> All => Good.Concat(Hostile);

    public static readonly ToolCase[] GoodTools =
    [
        ToolCase.Good("inc", "$state.count = ($state.count ?? 0) + 1; return $state.count;",
            static (r, _) => r.GetProperty("returnValue").GetInt64() >= 1),
        ToolCase.Good("emit", "$emit('tick', { n: $args.n }); return true;",
            static (r, n) => r.GetProperty("events")[0].GetProperty("name").GetString() == "tick"
                && r.GetProperty("events")[0].GetProperty("payload").GetProperty("n").GetInt32() == n),
        ToolCase.Good("list", "const items = []; for (let i = 0; i < 100; i++) items.push({ i, label: 'item ' + i }); $state.items = items; return items.length;",
            static (r, _) => r.GetProperty("returnValue").GetInt32() == 100),
        ToolCase.Good("echo", "return { twice: $args.n * 2, keys: Object.keys($args) };",
            static (r, n) => r.GetProperty("returnValue").GetProperty("twice").GetInt32() == 2 * n),
        ToolCase.Wasm("w42", "handle", null, static (r, _) => r.GetProperty("returnValue").GetInt32() == 42),
        ToolCase.Hostile("boom", "$state.count = -1; throw new Error('boom');", "EXECUTION_ERROR"),
        ToolCase.Hostile("sneaky", "$state.count = -2; return 'wrote';", "PERMISSION_DENIED", capabilities: "state:read:*"),
    ];

    public static readonly ToolCase[] HostileTools =
    [
        ToolCase.Hostile("spin", "while (true) {}", "TIMEOUT"),
        ToolCase.Hostile("bomb", "let a = []; while (true) a.push(new Uint8Array(1e6));", "MEMORY_LIMIT"),
        ToolCase.Hostile("recurse", "function f() { return f() + 1; } return f();", "RESOURCE_LIMIT"),
        ToolCase.Wasm("wspin", "spin", "TIMEOUT", static (_, _) => true),
    ];

    public static ToolCase[] ToolsOf(string panel) => panel.StartsWith("good", StringComparison.Ordinal) ? GoodTools : HostileTools;

    public static string Definition(string panel) => Body(panel, "soak", ToolsOf(panel).Select(static t => t.Definition.DeepClone()));

    /// <summary>A short-lived panel: a counter and an <c>interval</c> tool, so deleting it must also stop a schedule.</summary>
    public static string Churn(string panel) => Body(panel, "churn",
    [
        GoodTools[0].Definition.DeepClone(),
        new JsonObject { ["name"] = "tick", ["handler"] = "$state.ticks = ($state.ticks ?? 0) + 1;", ["trigger"] = new JsonObject { ["type"] = "interval", ["ms"] = 100 } },
    ]);

    /// <summary>A PATCH that shows a batch the kernel should have dropped (a failed tool's write).</summary>
    public static bool ShowsDroppedWrite(JsonElement patch) =>
        patch.GetProperty("mutations").EnumerateArray().Any(static m =>
            m.GetProperty("key").GetString() == "count" && m.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt64() < 0);

    private static string Body(string id, string kind, IEnumerable<JsonNode> tools) => new JsonObject
    {
        ["id"] = id,
        ["kind"] = kind,
        ["tools"] = new JsonArray([.. tools]),
        ["initialState"] = new JsonObject { ["count"] = 0 },
    }.ToJsonString();
}
