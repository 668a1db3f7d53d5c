namespace Nexus.Kernel.Tests.Deployment;

/// <summary>What docs/deployment.md says each deployable target looks like once rendered.</summary>
internal sealed record EnvironmentExpectation(
    int? Replicas,              // null: the HPA owns the count, the Deployment must not pin it
    bool Autoscaled,
    bool HasDisruptionBudget,
    string PanelStore,
    string IngressControllerNamespace,
    string? IngressClassName,   // null: no Ingress (Gateway API instead)
    string ImagePullPolicy,
    bool ShipsInsecureDevSecret,
    string Namespace,
    bool ShipsNamespace,        // only dev: deleting the others must never take the operator's Secret
    string Host,
    bool Tls,
    bool GatewayApi,
    bool ServiceMonitor,
    bool ShipsValkey,
    bool SpreadsAcrossZones)
{
    public static EnvironmentExpectation For(string target) => target switch
    {
        "dev" => new(1, false, false, "memory", "ingress-nginx", "nginx", "Always", true,
            "nexus-dev", true, "nexus-dev.example.com", false, false, false, false, false),
        "staging" => new(2, false, true, "redis", "ingress-nginx", "nginx", "Always", false,
            "nexus-staging", false, "nexus-staging.example.com", false, false, false, true, false),
        "prod" or "root" => new(null, true, true, "redis", "ingress-nginx", "nginx", "Always", false,
            "nexus", false, "nexus.example.com", true, false, false, true, true),
        "prod-gateway" => new(null, true, true, "redis", "envoy-gateway-system", null, "Always", false,
            "nexus", false, "nexus.example.com", true, true, true, true, true),
        "edge" => new(1, false, false, "memory", "kube-system", "traefik", "IfNotPresent", false,
            "nexus", false, "nexus.local", false, false, false, false, false),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown deployment target"),
    };
}
