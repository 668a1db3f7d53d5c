namespace Nexus.Kernel.Configuration;

/// <summary>
/// The names of every environment variable the kernel reads (<see cref="Settings"/>). The manifests' ConfigMap is
/// checked against this list by the deployment tests, so a misspelt key fails CI.
/// </summary>
internal static class EnvironmentVariables
{
    public static readonly IReadOnlyList<string> All = [.. Settings.All.Select(s => s.Name)];

    /// <summary>Variables whose values are secrets: never printed, never placed in a ConfigMap.</summary>
    public static readonly IReadOnlyList<string> Secrets = [.. Settings.All.Where(s => s.Secret).Select(s => s.Name)];
}
