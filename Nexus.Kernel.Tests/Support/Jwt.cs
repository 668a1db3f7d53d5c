using System.Security.Cryptography;
using System.Text;

namespace Nexus.Kernel.Tests.Support;

/// <summary>Hand-made JWTs, so tests can send exactly the malformed or hostile tokens a real client might.</summary>
internal static class Jwt
{
    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>An HS256 token over the given payload JSON, signed with <paramref name="secret"/>.</summary>
    public static string Hs256(string payloadJson, string secret = TestKernel.Secret, string headerJson = """{"alg":"HS256","typ":"JWT"}""")
    {
        var signingInput = Encode(headerJson) + "." + Encode(payloadJson);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>An unsigned <c>alg: none</c> token.</summary>
    public static string None(string payloadJson) => Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode(payloadJson) + ".";

    public static string Payload(string sub = "alice", string scope = "panels:read panels:write panels:execute", long? exp = null,
        long? iat = null, long? nbf = null, string? extra = null)
    {
        var parts = new List<string>();
        if (sub is not null) parts.Add($"\"sub\":\"{sub}\"");
        parts.Add($"\"scope\":\"{scope}\"");
        if (exp is not null) parts.Add($"\"exp\":{exp}");
        if (iat is not null) parts.Add($"\"iat\":{iat}");
        if (nbf is not null) parts.Add($"\"nbf\":{nbf}");
        if (extra is not null) parts.Add(extra);
        return "{" + string.Join(",", parts) + "}";
    }

    private static string Encode(string json) => Base64Url(Encoding.UTF8.GetBytes(json));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
