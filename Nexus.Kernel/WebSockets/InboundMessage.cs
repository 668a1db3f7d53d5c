using System.Text.Json;
using Nexus.Kernel.Json;

namespace Nexus.Kernel.WebSockets;

internal enum InboundType { Trigger, Subscribe, Unsubscribe, Ping }

/// <summary>A parsed client message, or the protocol error it earns (the connection stays; README "WebSocket protocol").</summary>
internal sealed record InboundMessage(InboundType Type, JsonElement? RequestId, string? Tool = null, JsonElement? Args = null,
    IReadOnlyList<string>? Topics = null)
{
    public static (InboundMessage? Message, ErrorMessage? Error) Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            if (ClientJson.Check(utf8, ClientJson.MaxDepth + 1) is { } breach) return (null, new ErrorMessage(WsErrorCodes.InvalidRequest, breach, null));
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = ClientJson.EnvelopeDepth });
        }
        catch (JsonException)
        {
            return (null, new ErrorMessage(WsErrorCodes.ParseError, "the message is not valid JSON", null));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, new ErrorMessage(WsErrorCodes.InvalidMessage, "a message is a JSON object", null));
            JsonElement? requestId = root.TryGetProperty("requestId", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? id.Clone()
                : null;
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return (null, new ErrorMessage(WsErrorCodes.UnknownMessage, "the message has no string member 'type'", requestId));
            }
            return type.GetString() switch
            {
                "TRIGGER" => ParseTrigger(root, requestId),
                "SUBSCRIBE" => ParseTopics(root, requestId, InboundType.Subscribe),
                "UNSUBSCRIBE" => ParseTopics(root, requestId, InboundType.Unsubscribe),
                "PING" => (new InboundMessage(InboundType.Ping, requestId), null),
                var other => (null, new ErrorMessage(WsErrorCodes.UnknownMessage, $"unknown message type '{other}'", requestId)),
            };
        }
    }

    private static (InboundMessage?, ErrorMessage?) ParseTrigger(JsonElement root, JsonElement? requestId)
    {
        if (!root.TryGetProperty("tool", out var tool) || tool.ValueKind != JsonValueKind.String || tool.GetString()!.Length == 0)
        {
            return (null, new ErrorMessage(WsErrorCodes.InvalidMessage, "TRIGGER needs a string 'tool'", requestId));
        }
        JsonElement? args = root.TryGetProperty("args", out var a) && a.ValueKind != JsonValueKind.Null ? a.Clone() : null;
        return (new InboundMessage(InboundType.Trigger, requestId, tool.GetString(), args), null);
    }

    private static (InboundMessage?, ErrorMessage?) ParseTopics(JsonElement root, JsonElement? requestId, InboundType type)
    {
        if (!root.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Array)
        {
            return (null, new ErrorMessage(WsErrorCodes.InvalidMessage, "topics must be an array of \"state\" and/or \"events\"", requestId));
        }
        var list = new List<string>();
        foreach (var topic in topics.EnumerateArray())
        {
            if (topic.ValueKind != JsonValueKind.String || topic.GetString() is not ("state" or "events"))
            {
                return (null, new ErrorMessage(WsErrorCodes.InvalidMessage, "topics must be an array of \"state\" and/or \"events\"", requestId));
            }
            list.Add(topic.GetString()!);
        }
        return (new InboundMessage(type, requestId, Topics: list), null);
    }
}
