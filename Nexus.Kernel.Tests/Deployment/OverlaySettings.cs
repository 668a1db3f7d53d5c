using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// An overlay's settings.yaml (a flat local-config ConfigMap: `  key: value` lines under `data:`), read as text so
/// the tests compare the rendered objects with the one place each choice is made.
/// </summary>
internal static class OverlaySettings
{
    public static IReadOnlyDictionary<string, string> For(string target)
    {
        var overlay = target == "root" ? "prod" : target;
        var path = Path.Combine(RepoPaths.Root, "manifests", "overlays", overlay, "settings.yaml");
        var values = new Dictionary<string, string>();
        var inData = false;
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal)) { inData = true; continue; }
            if (!inData || !line.StartsWith("  ", StringComparison.Ordinal) || line.TrimStart().StartsWith('#')) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            values[line[..colon].Trim()] = line[(colon + 1)..].Trim().Trim('"');
        }
        return values;
    }
}
