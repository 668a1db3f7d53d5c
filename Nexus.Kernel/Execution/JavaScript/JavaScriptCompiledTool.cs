namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>A JavaScript handler compiled once at panel creation to QuickJS bytecode.</summary>
internal sealed class JavaScriptCompiledTool(string toolName, byte[] bytecode, bool fromCache) : CompiledTool
{
    public override string ToolName { get; } = toolName;

    /// <summary>Whether this kernel loaded QuickJS from the module cache instead of compiling it.</summary>
    public override bool FromCache { get; } = fromCache;

    public byte[] Bytecode { get; } = bytecode;
}
