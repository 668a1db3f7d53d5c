using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// One tool of the soak: its definition, the error code it must end with (null: it must succeed) and, for a
/// well-behaved tool, what its result must look like for the argument <c>{"n": n}</c> it is triggered with.
/// </summary>
internal sealed record ToolCase(string Name, string? ExpectedCode, Func<JsonElement, int, bool> Looks, JsonObject Definition)
{
    public static ToolCase Good(string name, string handler, Func<JsonElement, int, bool> looks) =>
        new(name, null, looks, new JsonObject { ["name"] = name, ["handler"] = handler });

    public static ToolCase Hostile(string name, string handler, string code, string? capabilities = null)
    {
        var definition = new JsonObject { ["name"] = name, ["handler"] = handler };
        if (capabilities is not null) definition["capabilities"] = new JsonArray(capabilities);
        return new(name, code, static (_, _) => true, definition);
    }

    public static ToolCase Wasm(string name, string export, string? code, Func<JsonElement, int, bool> looks) =>
        new(name, code, looks, new JsonObject { ["name"] = name, ["module"] = WasmModule.Base64, ["export"] = export });

    public string Args(int n) => $$"""{"n":{{n}}}""";

    /// <summary>Checks an ExecutionResult (<c>{"status", "returnValue", "events", "error": {"code"}}</c>).</summary>
    public Outcome Check(JsonElement result, int n)
    {
        var status = result.TryGetProperty("status", out var s) ? s.GetString() : null;
        var code = result.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var c) ? c.GetString() : null;
        if (ExpectedCode is null)
        {
            if (status != "success") return Outcome.Bad($"{Name}: expected success, got {status} {code}: {Message(result)}");
            return LooksRight(result, n) ? Outcome.Good : Outcome.Bad($"{Name}: unexpected result {Clip(result)}");
        }
        return status == "error" && code == ExpectedCode
            ? Outcome.Good
            : Outcome.Bad($"{Name}: expected {ExpectedCode}, got {status} {code}: {Message(result)}");
    }

    private bool LooksRight(JsonElement result, int n)
    {
        try
        {
            return Looks(result, n);
        }
        catch (Exception error) when (error is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            return false;
        }
    }

    /// <summary>The error's message and the time the kernel measured in the guest (evidence for a report).</summary>
    private static string Message(JsonElement result)
    {
        var message = result.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var m) ? m.GetString() : "";
        var time = result.TryGetProperty("metrics", out var metrics) && metrics.TryGetProperty("executionTimeUs", out var us) ? us.GetInt64() : -1;
        return $"{message} (executionTimeUs {time})";
    }

    private static string Clip(JsonElement result)
    {
        var text = result.GetRawText();
        return text.Length <= 200 ? text : text[..200];
    }
}
