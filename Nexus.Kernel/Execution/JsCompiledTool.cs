namespace Nexus.Kernel.Execution;

/// <summary>A JavaScript handler compiled once at panel creation to QuickJS bytecode.</summary>
internal sealed class JsCompiledTool(string toolName, byte[] bytecode) : CompiledTool
{
    public override string ToolName { get; } = toolName;

    public byte[] Bytecode { get; } = bytecode;
}
