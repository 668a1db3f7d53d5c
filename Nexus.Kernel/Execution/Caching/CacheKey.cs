using System.Security.Cryptography;
using System.Text;

namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// The identity of a compiled artifact: SHA-256 over the engine fingerprint (Wasmtime version, code-affecting
/// settings, CPU architecture) and the module's own SHA-256. A different engine or CPU gets a different key, so an
/// artifact is never offered to an engine that did not produce it. Keying on the module's digest rather than its
/// bytes lets the embedded QuickJS be looked up with the digest the build verified, without hashing (or even
/// reading) 0.6 MiB at every start.
/// </summary>
internal static class CacheKey
{
    public static string Compute(string engineFingerprint, ReadOnlySpan<byte> wasm) => OfDigest(engineFingerprint, SHA256.HashData(wasm));

    public static string OfDigest(string engineFingerprint, ReadOnlySpan<byte> moduleSha256)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(engineFingerprint));
        hash.AppendData([0]);
        hash.AppendData(moduleSha256);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A short form for log lines.</summary>
    public static string Short(string key) => key[..12];
}
