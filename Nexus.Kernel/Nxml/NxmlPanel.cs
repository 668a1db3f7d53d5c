using System.Text.Json;

using Nexus.Kernel.Hosting;

using Nexus.Kernel.Json;

namespace Nexus.Kernel.Nxml;

/// <summary>What the kernel keeps of an NXML document: metadata, state defaults and tools. The View is the front end's.</summary>
internal sealed record NxmlPanel(
    string? Id,
    string? Title,
    IReadOnlyDictionary<string, string> Meta,
    IReadOnlyList<NxmlState> States,
    IReadOnlyDictionary<string, string> Computed,
    IReadOnlyList<string> Extensions,
    IReadOnlyList<NxmlTool> Tools);

internal sealed record NxmlState(string Name, JsonElement Default);

/// <summary>A <c>&lt;Tool&gt;</c>; <paramref name="HandlerLine"/> is the document line of the handler's first code line.</summary>
internal sealed record NxmlTool(string Name, string? Description, string Handler, int HandlerLine, IReadOnlyList<string>? Capabilities);

/// <summary>A document the kernel refuses, with where (1-based line and position in the document).</summary>
internal sealed class NxmlException(string message, int line, int position) : Exception(message)
{
    public int Line { get; } = line;
    public int Position { get; } = position;
}
