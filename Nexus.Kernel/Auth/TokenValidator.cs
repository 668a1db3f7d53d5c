using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Auth;

internal sealed record AuthOutcome(Caller? Caller, string? Failure)
{
    public static AuthOutcome Fail(string why) => new(null, why);
}

/// <summary>
/// HS256 JWT validation (DESIGN §6): only HS256, <c>exp</c> required and at most JWT_MAX_TTL_S after
/// <c>iat</c> (or now), <c>nbf</c> honoured, 30 s skew, optional issuer and audience, <c>sub</c> required.
/// </summary>
internal sealed class TokenValidator
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;
    private readonly KernelOptions _options;
    private readonly TimeProvider _time;

    public TokenValidator(KernelOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        if (!options.AuthEnabled) return;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(options.JwtSecret),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = Skew,
            ValidateIssuer = options.JwtIssuer is not null,
            ValidIssuer = options.JwtIssuer,
            ValidateAudience = options.JwtAudience is not null,
            ValidAudience = options.JwtAudience,
            ValidateIssuerSigningKey = true,
        };
    }

    public async ValueTask<AuthOutcome> ValidateAsync(string? token)
    {
        if (_parameters is null) return new AuthOutcome(Caller.Anonymous, null);
        if (string.IsNullOrEmpty(token)) return AuthOutcome.Fail("missing token");

        TokenValidationResult result;
        try
        {
            result = await _handler.ValidateTokenAsync(token, _parameters);
        }
        catch (ArgumentException)
        {
            return AuthOutcome.Fail("malformed token");
        }
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return AuthOutcome.Fail(Describe(result.Exception));
        }
        if (jwt.Alg != SecurityAlgorithms.HmacSha256) return AuthOutcome.Fail("algorithm not allowed");
        if (string.IsNullOrEmpty(jwt.Subject)) return AuthOutcome.Fail("token has no sub");

        var issuedAt = jwt.TryGetPayloadValue<long>("iat", out var iat) ? DateTimeOffset.FromUnixTimeSeconds(iat) : _time.GetUtcNow();
        if (jwt.ValidTo - issuedAt.UtcDateTime > _options.JwtMaxTtl) return AuthOutcome.Fail("token lifetime exceeds JWT_MAX_TTL_S");

        return new AuthOutcome(new Caller(jwt.Subject, ReadScopes(jwt), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)), null);
    }

    private static HashSet<string> ReadScopes(JsonWebToken jwt)
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        if (jwt.TryGetPayloadValue<string>("scope", out var scope) && scope is not null)
        {
            scopes.UnionWith(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        foreach (var claim in jwt.Claims)
        {
            if (claim.Type == "permissions") scopes.Add(claim.Value);
        }
        return scopes;
    }

    private static string Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenNoExpirationException => "token has no exp",
        SecurityTokenInvalidLifetimeException => "token lifetime invalid",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "bad signature",
        SecurityTokenMalformedException => "malformed token",
        _ => "invalid token",
    };
}
