using System.Text.Json;

namespace Nexus.Kernel.Json;

// Wire shapes of the panels API (README "API at a glance"). Every member is optional on the way in, so that validation, not
// the deserializer, says what is missing, in one clear line.

internal sealed record CreatePanelRequest(
    string? Id,
    string? Kind,
    string? Title,
    IReadOnlyList<ToolSpec?>? Tools,
    JsonElement? InitialState,
    JsonElement? Scope,
    IReadOnlyList<string>? Capabilities,
    JsonElement? Metadata);

internal sealed record ToolSpec(
    string? Name,
    string? Handler,
    string? Module,
    string? Export,
    TriggerSpec? Trigger,
    string? Description,
    IReadOnlyList<string>? Capabilities);

internal sealed record TriggerSpec(string? Type, int? Ms, string? Expression, string? Pattern, string? Key);

internal sealed record CreatePanelResponse(string Id, string Status, string WsUrl);

internal sealed record PanelSummary(
    string Id,
    string Kind,
    string? Title,
    string Status,
    long Version,
    IReadOnlyList<string> Tools,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivity,
    int ClientCount);

internal sealed record PanelInfo(
    string Id,
    string Kind,
    string? Title,
    string Status,
    long Version,
    IReadOnlyList<string> Tools,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivity,
    int ClientCount,
    IReadOnlyDictionary<string, JsonElement> State);

internal sealed record PanelList(IReadOnlyList<PanelSummary> Panels, int Total);
