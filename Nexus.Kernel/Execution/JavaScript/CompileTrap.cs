using System.Text;
using System.Text.Json;
using Wasmtime;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>A trap while QuickJS compiled a handler, as the same error JSON a syntax error gets.</summary>
internal static class CompileTrap
{
    public const string TooDeep = "the handler is nested too deeply to compile (call stack exhausted)";

    public static string Describe(WasmtimeException trap)
    {
        var message = trap.Message.Contains("call stack exhausted", StringComparison.Ordinal)
            ? TooDeep
            : "the compiler stopped: " + (trap.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "trap");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("m", message);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
