using System.Text.Json;
using System.Text.Json.Serialization;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Http;
using Nexus.Kernel.WebSockets;

namespace Nexus.Kernel.Json;

/// <summary>The one source-generated serializer context for every wire type (no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    // Values from clients and guests nest up to 64 levels on their own; the envelopes around them add a few.
    MaxDepth = 128)]
[JsonSerializable(typeof(ExecutionResult))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(CreatePanelRequest))]
[JsonSerializable(typeof(CreatePanelResponse))]
[JsonSerializable(typeof(PanelSummary))]
[JsonSerializable(typeof(PanelInfo))]
[JsonSerializable(typeof(PanelList))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ReadinessReport))]
[JsonSerializable(typeof(ConnectedMessage))]
[JsonSerializable(typeof(PatchMessage))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(ProgressMessage))]
[JsonSerializable(typeof(ResultMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(PongMessage))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
[JsonSerializable(typeof(TriggerRequestBody))]
[JsonSerializable(typeof(Nexus.Kernel.Panels.Redis.StoredDefinition))]
internal sealed partial class KernelJsonContext : JsonSerializerContext;
