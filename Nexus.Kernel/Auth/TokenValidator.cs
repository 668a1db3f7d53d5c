using System.Collections.Concurrent;
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
/// HS256 JWT validation (README "Configuration"): only HS256, <c>exp</c> required and at most JWT_MAX_TTL_S after now, an
/// <c>iat</c> beyond the skew in the future refused, <c>nbf</c> honoured, 30 s skew, optional issuer and audience,
/// <c>sub</c> required.
/// One expiry rule everywhere: a token is accepted while now &lt; exp + skew, and <see cref="Caller.ExpiresAt"/> is
/// that instant, so an open socket closes exactly when an upgrade with the same token starts being refused.
/// A token that passed is remembered until its <c>exp</c> (plus the skew), so a client sending the same token on
/// every request pays for the signature and the claims once: the full check cost ~5 % of the CPU of a trigger.
/// </summary>
internal sealed class TokenValidator
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Caller> _accepted = new(StringComparer.Ordinal);
    internal const int AcceptedCapacity = 1024;

    public TokenValidator(AuthOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        if (!options.AuthEnabled) return;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(options.JwtSecret),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            // Lifetime is checked below against the kernel's TimeProvider, the clock everything else here uses.
            RequireExpirationTime = false,
            ValidateLifetime = false,
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
        if (_accepted.TryGetValue(token, out var known))
        {
            if (known.ExpiresAt is { } expires && _time.GetUtcNow() < expires) return new AuthOutcome(known, null);
            _accepted.TryRemove(token, out _);
        }

        var outcome = await ValidateFullyAsync(token);
        if (outcome.Caller is { } caller)
        {
            // Bounded without bookkeeping: a full table is simply emptied (tokens are few per client, and re-checking one costs microseconds).
            if (_accepted.Count >= AcceptedCapacity) _accepted.Clear();
            _accepted[token] = caller;
        }
        return outcome;
    }

    private async ValueTask<AuthOutcome> ValidateFullyAsync(string token)
    {
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
        if (!jwt.TryGetPayloadValue<long>("exp", out _)) return AuthOutcome.Fail("token has no exp");
        var now = _time.GetUtcNow().UtcDateTime;
        if (now >= jwt.ValidTo + Skew) return AuthOutcome.Fail("token expired");
        if (jwt.TryGetPayloadValue<long>("nbf", out _) && now + Skew < jwt.ValidFrom) return AuthOutcome.Fail("token not yet valid");
        if (string.IsNullOrEmpty(jwt.Subject)) return AuthOutcome.Fail("token has no sub");

        // Measured from now, not from iat: a token "issued" ten years ahead with a one-hour lifetime is good for ten years.
        if (jwt.TryGetPayloadValue<long>("iat", out var iat) && DateTimeOffset.FromUnixTimeSeconds(iat) > _time.GetUtcNow() + Skew)
        {
            return AuthOutcome.Fail("token issued in the future (iat)");
        }
        if (jwt.ValidTo - now > _options.JwtMaxTtl) return AuthOutcome.Fail("token lifetime exceeds JWT_MAX_TTL_S");

        return new AuthOutcome(new Caller(jwt.Subject, ReadScopes(jwt), new DateTimeOffset(jwt.ValidTo + Skew, TimeSpan.Zero)), null);
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
