using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// Compiles handler source as the body of an async function that the source cannot close. QuickJS has no
/// function-body parse of its own (its Function constructor concatenates strings too), so a second compile proves
/// it: the same source inside a block labelled with a random name the source cannot know, followed by a
/// <c>break</c> to that label. A break may only name a label that encloses it in the same function, so that
/// compile succeeds only if no <c>}</c> in the source closed the block (or the function): the source is a
/// statement list that ends where it started, and parses the same way as the function body it becomes. Only the
/// first compile's bytecode is kept; neither compile runs any code.
/// </summary>
internal static class HandlerCompiler
{
    public static byte[]? Compile(Sandbox sandbox, string source, out string? errorJson)
    {
        var bytecode = sandbox.Compile(JavaScriptPrelude.Wrap(source), JavaScriptPrelude.HandlerFileName, out errorJson);
        if (bytecode is null || sandbox.Broken) return bytecode;
        var label = "L" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        // One line before the source, as in JavaScriptPrelude.Wrap, so a fault found here has the same line numbers.
        var enclosed = "(async function () { " + label + ": {\n" + source + "\nbreak " + label + "; }\n})";
        if (sandbox.Compile(enclosed, JavaScriptPrelude.HandlerFileName, out var enclosedError) is not null) return bytecode;
        errorJson = NotAFunctionBody(enclosedError, label, source.Split('\n').Length);
        return null;
    }

    private static string NotAFunctionBody(string? errorJson, string label, int sourceLines)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var reason = "the handler closes the function it is compiled into";
            if (errorJson is not null)
            {
                using var error = JsonDocument.Parse(errorJson);
                var root = error.RootElement;
                var message = root.TryGetProperty("m", out var m) ? m.GetString() : null;
                // A fault found in the closing break (after the source) only says the source closed its block.
                var inSource = !root.TryGetProperty("l", out var at) || at.GetInt32() <= sourceLines;
                if (message is not null && inSource && !message.Contains(label, StringComparison.Ordinal))
                {
                    reason = "the handler is not a function body: " + message;
                }
                if (root.TryGetProperty("l", out var line) && root.TryGetProperty("col", out var column))
                {
                    writer.WriteNumber("l", line.GetInt32());
                    writer.WriteNumber("col", column.GetInt32());
                }
            }
            writer.WriteString("m", reason);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
