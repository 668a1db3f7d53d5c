using System.Text.Json;
using System.Text.Json.Serialization;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Json;

/// <summary>The one source-generated serializer context for every wire type (no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ExecutionResult))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class KernelJsonContext : JsonSerializerContext;
