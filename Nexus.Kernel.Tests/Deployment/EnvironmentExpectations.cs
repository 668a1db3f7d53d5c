namespace Nexus.Kernel.Tests.Deployment;

/// <summary>What docs/deployment.md says each deployable target looks like once rendered.</summary>
internal sealed record EnvironmentExpectation(
    int? Replicas,              // null: the HPA owns the count, the Deployment must not pin it
    bool Autoscaled,
    bool HasDisruptionBudget,
    string PanelStore,
    string IngressControllerNamespace,
    string? IngressClassName,
    string ImagePullPolicy,
    bool ShipsInsecureDevSecret)
{
    public static EnvironmentExpectation For(string target) => target switch
    {
        "dev" => new(1, false, false, "memory", "ingress-nginx", "nginx", "Always", true),
        "staging" => new(2, false, true, "redis", "ingress-nginx", "nginx", "Always", false),
        "prod" or "root" => new(null, true, true, "redis", "ingress-nginx", "nginx", "Always", false),
        "edge" => new(1, false, false, "memory", "kube-system", null, "IfNotPresent", false),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown deployment target"),
    };
}
