using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Panels;
using Nexus.Kernel.Panels.Redis;

namespace Nexus.Kernel.Tests.Panels.Redis;

internal static class RedisTestData
{
    public static readonly PanelLimits Roomy = new(1000, 1000);

    /// <summary>One "pod": its own connection to the shared server; a unique prefix keeps tests apart.</summary>
    public static RedisPanelStore Pod(RedisServer server, string prefix, RedisStoreOptions? options = null) =>
        RedisPanelStore.Connect(server.Url, (options ?? new RedisStoreOptions()) with { Prefix = prefix }, TimeProvider.System, NullLogger.Instance);

    public static string Prefix() => "t" + Guid.NewGuid().ToString("N")[..8] + ":";

    public static JsonElement JsonOf(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public static PanelDefinition Definition(string id, string owner = "alice") => new(id, "counter", "Title",
        [
            new ToolDefinition("inc", "return 1", null, null, TriggerDefinition.Manual, "adds one", ["state:write:count"]),
            new ToolDefinition("raw", null, [0, 97, 115, 109], "go", new TriggerDefinition(TriggerType.Interval, IntervalMs: 250), null, null),
        ],
        JsonOf("""{"region":"eu"}"""), null, JsonOf("""{"tag":1}"""), owner, new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

    public static Dictionary<string, JsonElement> State(string json) =>
        JsonSerializer.Deserialize(json, Nexus.Kernel.Json.KernelJsonContext.Default.DictionaryStringJsonElement)!;

    public static ExecutionBatch Set(string key, string json, params EmittedEvent[] events) =>
        new([StateMutation.Set(key, JsonOf(json))], events, []);

    public static ExecutionBatch Events(params EmittedEvent[] events) => new([], events, []);

    public static EmittedEvent Event(string name, int n) => new(name, JsonOf($$"""{"n":{{n}}}"""), 1000 + n);
}
