namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>The guest API (README "Handlers") as JavaScript, embedded from prelude.js.</summary>
internal static class JavaScriptPrelude
{
    public const string ResourceName = "nexus-prelude.js";

    /// <summary>The compile wrapper: the handler is the body of an async function. It sits on its own line so
    /// handler line numbers are reported line - 1 with unchanged columns (prelude.js HANDLER_LINE_OFFSET).</summary>
    public const string WrapperHead = "(async function () {\n";
    public const string WrapperTail = "\n})";
    public const string HandlerFileName = "handler";

    public static string Source { get; } = Load();

    public static string Wrap(string handlerSource) => WrapperHead + handlerSource + WrapperTail;

    private static string Load()
    {
        using var stream = typeof(JavaScriptPrelude).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
