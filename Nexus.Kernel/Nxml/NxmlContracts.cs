using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nexus.Kernel.Nxml;

/// <summary>The body of <c>POST /panels/from-nxml</c>, as the original's client sends it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record NxmlPanelRequest(string? NxmlSource, JsonElement? InitialState);
