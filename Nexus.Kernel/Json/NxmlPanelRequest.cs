using System.Text.Json;

namespace Nexus.Kernel.Json;

/// <summary>The body of <c>POST /panels/from-nxml</c>, as the original's client sends it.</summary>
internal sealed record NxmlPanelRequest(string? NxmlSource, JsonElement? InitialState);
