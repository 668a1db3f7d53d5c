using System.Security.Cryptography;
using System.Text;

namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// The identity of a compiled artifact: SHA-256 over the engine fingerprint (Wasmtime version, code-affecting
/// settings, CPU architecture) and the module bytes. A different engine or CPU gets a different key, so an
/// artifact is never offered to an engine that did not produce it.
/// </summary>
internal static class CacheKey
{
    public static string Compute(string engineFingerprint, ReadOnlySpan<byte> wasm)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(engineFingerprint));
        hash.AppendData([0]);
        hash.AppendData(wasm);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A short form for log lines.</summary>
    public static string Short(string key) => key[..12];
}
