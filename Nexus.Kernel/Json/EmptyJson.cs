using System.Text.Json;

namespace Nexus.Kernel.Json;

/// <summary>The empty JSON object: <c>$args</c> when a trigger has none, a panel's default scope.</summary>
internal static class EmptyJson
{
    public static JsonElement Object { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
