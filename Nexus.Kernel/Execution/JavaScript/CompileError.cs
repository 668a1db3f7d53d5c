using System.Text.Json;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>Turns QuickJS's description of a syntax error into a <see cref="CompilationException"/>.</summary>
internal static class CompileError
{
    public static CompilationException From(ToolSource tool, string? errorJson)
    {
        if (errorJson is null) return new CompilationException(tool.Name, "compilation failed", null, null);
        using var document = JsonDocument.Parse(errorJson);
        var root = document.RootElement;
        var message = root.TryGetProperty("m", out var m) ? GuestText.ReadForDiagnostics(m) : "syntax error";
        // QuickJS's own stack check can stop the parser before the wasm stack runs out (see CompileTrap).
        if (message.Contains("stack overflow", StringComparison.OrdinalIgnoreCase)) message = CompileTrap.TooDeep;
        if (!root.TryGetProperty("l", out var l) || !root.TryGetProperty("col", out var c))
        {
            return new CompilationException(tool.Name, message, null, null);
        }
        // An error found at the wrapper's closing line (e.g. an unclosed brace) belongs to the handler's last line.
        var lastLine = tool.Handler!.Split('\n').Length;
        var line = Math.Clamp(l.GetInt32(), 1, lastLine);
        return new CompilationException(tool.Name, message, line, c.GetInt32());
    }
}
