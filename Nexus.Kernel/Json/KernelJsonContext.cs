using System.Text.Json;
using System.Text.Json.Serialization;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Json;

/// <summary>The one source-generated serializer context for every wire type (no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    // Envelopes (a PATCH, a stored record, a RESULT) hold client and guest values that may each nest 64 levels.
    MaxDepth = ClientJson.EnvelopeDepth)]
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
[JsonSerializable(typeof(JsonDocument))]
[JsonSerializable(typeof(NxmlPanelRequest))]
[JsonSerializable(typeof(StoredDefinition))]
internal sealed partial class KernelJsonContext : JsonSerializerContext;
