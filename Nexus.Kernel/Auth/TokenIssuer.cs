using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Auth;

/// <summary>Signs HS256 tokens with JWT_SECRET: the <c>token</c> subcommand and the dev-mode token.</summary>
internal static class TokenIssuer
{
    public static string Issue(AuthOptions options, string subject, IEnumerable<string> scopes, TimeSpan ttl, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["scope"] = string.Join(' ', scopes),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + ttl,
            Issuer = options.JwtIssuer,
            Audience = options.JwtAudience,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(options.JwtSecret), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
