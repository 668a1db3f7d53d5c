using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Nexus.Kernel.WebConsole;

/// <summary>
/// The console's static files, embedded in the binary (csproj: LogicalName <c>console/NAME</c>) and read once with
/// <c>GetManifestResourceStream</c>: no file provider package, nothing read from disk, trim and AOT safe.
/// </summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, ConsoleAsset> _byName;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType)) continue;
            assets[name] = new ConsoleAsset(name, contentType, Read(assembly, resource));
        }
        _byName = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public ConsoleAsset? Find(string name) => _byName.GetValueOrDefault(name);

    public IEnumerable<string> Names => _byName.Keys;

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>One embedded file; its ETag is a digest of its bytes, so a new build never serves a stale copy.</summary>
internal sealed record ConsoleAsset(string Name, string ContentType, byte[] Bytes)
{
    public string ETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(Bytes))[..16] + "\"";
}
