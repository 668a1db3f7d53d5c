using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// The digest kept apart from an artifact (the <c>.seal</c> sidecar, written after the artifact is in place):
/// its length and SHA-256 over the cache key and the artifact bytes. Covering the key binds the artifact to the
/// module it was compiled from, so another module's artifact (even with its own sidecar) moved under this key
/// fails, as do a flipped byte, a truncated or extended file, and an artifact whose sidecar was never written.
/// It is an integrity check, not authentication: someone who can write CACHE_DIR can write both files, so the
/// directory must be writable by the kernel only (see docs/wasm-abi.md, "Module cache").
/// </summary>
internal static class ArtifactSeal
{
    private const string Magic = "nexus-artifact-v1";

    public static string Create(string key, ReadOnlySpan<byte> artifact) =>
        string.Create(CultureInfo.InvariantCulture, $"{Magic} {artifact.Length} {Digest(key, artifact)}\n");

    /// <summary>Null when <paramref name="artifact"/>, read from its current position to its end, matches
    /// <paramref name="seal"/>; otherwise the rejection reason. Hashed in 64 KiB pieces: the artifact itself is
    /// never held in memory (the disk tier maps it once it passes).</summary>
    public static string? Check(string key, string seal, Stream artifact)
    {
        var parts = seal.Trim().Split(' ');
        if (parts.Length != 3 || parts[0] != Magic || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return CacheRejectReason.Seal;
        }
        if (artifact.CanSeek && artifact.Length - artifact.Position != length) return CacheRejectReason.Size;
        using var hash = Begin(key);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        try
        {
            // A file that grows or shrinks while it is read fails on size, whatever its length said.
            while (artifact.Read(buffer) is var read and > 0)
            {
                total += read;
                if (total > length) return CacheRejectReason.Size;
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (total != length) return CacheRejectReason.Size;
        var expected = Encoding.ASCII.GetBytes(parts[2]);
        var actual = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hash.GetHashAndReset()));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? null : CacheRejectReason.Digest;
    }

    private static string Digest(string key, ReadOnlySpan<byte> artifact)
    {
        using var hash = Begin(key);
        hash.AppendData(artifact);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IncrementalHash Begin(string key)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes(key));
        hash.AppendData([0]);
        return hash;
    }
}

/// <summary>Label values of nexus_module_cache_rejected_total{reason} (a small fixed set).</summary>
internal static class CacheRejectReason
{
    /// <summary>The sidecar is missing or malformed (e.g. a crash between the two renames).</summary>
    public const string Seal = "seal";

    /// <summary>The artifact is shorter or longer than sealed (truncated, appended to).</summary>
    public const string Size = "size";

    /// <summary>Same length, different bytes (a flipped byte, another module's artifact).</summary>
    public const string Digest = "digest";

    /// <summary>Verified bytes Wasmtime still refused (should not happen: the key covers the engine).</summary>
    public const string Load = "load";
}
