using System.Text.Json;
using System.Text.Json.Serialization;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Json;

// Server → client messages (README "WebSocket protocol"). `type` comes first so a reader can dispatch on the first member.

internal sealed record ConnectedMessage(string PanelId, string ClientId, IReadOnlyDictionary<string, JsonElement> State, long Version)
{
    [JsonPropertyOrder(-1)]
    public string Type => "CONNECTED";
}

internal sealed record PatchMessage(IReadOnlyList<StateMutation> Mutations, long Version)
{
    [JsonPropertyOrder(-1)]
    public string Type => "PATCH";
}

internal sealed record EventMessage(EmittedEvent Event)
{
    [JsonPropertyOrder(-1)]
    public string Type => "EVENT";
}

internal sealed record ProgressMessage(JsonElement? RequestId, string Status, string Extension, string Method)
{
    [JsonPropertyOrder(-1)]
    public string Type => "PROGRESS";
}

internal sealed record ResultMessage(JsonElement? RequestId, ExecutionResult Result)
{
    [JsonPropertyOrder(-1)]
    public string Type => "RESULT";
}

internal sealed record ErrorMessage(string Code, string Message, JsonElement? RequestId)
{
    [JsonPropertyOrder(-1)]
    public string Type => "ERROR";
}

internal sealed record PongMessage(JsonElement? RequestId)
{
    [JsonPropertyOrder(-1)]
    public string Type => "PONG";
}

internal static class WsErrorCodes
{
    public const string ParseError = "PARSE_ERROR";
    public const string UnknownMessage = "UNKNOWN_MESSAGE";
    public const string InvalidMessage = "INVALID_MESSAGE";
    /// <summary>Well-formed JSON that breaks the client rules (a lone surrogate, a duplicate member, nesting over 64).</summary>
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string ToolNotFound = "TOOL_NOT_FOUND";
    public const string Forbidden = "FORBIDDEN";
    public const string RateLimited = "RATE_LIMITED";
    public const string QueueFull = "QUEUE_FULL";
}
