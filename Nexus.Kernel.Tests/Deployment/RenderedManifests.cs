using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// The objects one kustomization renders to, validated against the Kubernetes schemas by tools/k8s/render.mjs.
/// Each target renders once per test run, however many tests read it.
/// </summary>
internal sealed class RenderedManifests(string target, IReadOnlyList<JsonObject> objects)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedManifests>>> Cache = new();

    /// <summary>The deployable targets: the five overlays and the repository root (which is prod).</summary>
    public static readonly string[] Targets = ["dev", "staging", "prod", "edge", "prod-gateway", "root"];

    /// <summary>Test data source: every test that holds for all targets runs once per target.</summary>
    public static IEnumerable<string> AllTargets() => Targets;

    public string Target { get; } = target;

    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public static Task<RenderedManifests> ForAsync(string target) =>
        Cache.GetOrAdd(target, t => new Lazy<Task<RenderedManifests>>(() => RenderAsync(t))).Value;

    public static string DirectoryOf(string target) => target switch
    {
        "root" => RepoPaths.Root,
        // Not a deployable target: the namespaces the operator applies once (manifests/namespaces).
        "namespaces" => Path.Combine(RepoPaths.Root, "manifests", "namespaces"),
        _ => Path.Combine(RepoPaths.Root, "manifests", "overlays", target),
    };

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o.Str("kind") == kind);

    /// <summary>The one object of a kind; throws naming the target when there are none or several.</summary>
    public JsonObject Single(string kind)
    {
        var matches = OfKind(kind).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{Target}: expected one {kind}, rendered {matches.Count}");
    }

    /// <summary>The kernel's own object of a kind (named nexus-kernel), beside e.g. the shipped Valkey's.</summary>
    public JsonObject Kernel(string kind) => Named(kind, "nexus-kernel");

    public JsonObject Named(string kind, string name)
    {
        var matches = OfKind(kind).Where(o => o.Str("metadata", "name") == name).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{Target}: expected one {kind} {name}, rendered {matches.Count}");
    }

    public JsonObject? SingleOrNone(string kind) => OfKind(kind).SingleOrDefault();

    public JsonObject Deployment => Single("Deployment");

    public JsonObject PodSpec => Deployment.Obj("spec", "template", "spec");

    public JsonObject KernelContainer => PodSpec.Arr("containers").OfType<JsonObject>().Single(c => c.Str("name") == "kernel");

    /// <summary>The configuration the pod gets through envFrom: the rendered ConfigMap's data.</summary>
    public IReadOnlyDictionary<string, string> Config =>
        Single("ConfigMap").Obj("data").ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());

    public long ConfigNumber(string key) =>
        long.TryParse(Config.GetValueOrDefault(key), out var value)
            ? value
            : throw new InvalidOperationException($"{Target}: ConfigMap has no numeric {key}");

    private static async Task<RenderedManifests> RenderAsync(string target)
    {
        var json = await NodeScript.RunAsync(Path.Combine("k8s", "render.mjs"), DirectoryOf(target));
        var objects = JsonNode.Parse(json)!.AsArray().Select(n => n!.AsObject()).ToList();
        return new RenderedManifests(target, objects);
    }
}
