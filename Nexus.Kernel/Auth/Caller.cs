namespace Nexus.Kernel.Auth;

/// <summary>Who is calling: the token's <c>sub</c> and its scopes. <c>panels:admin</c> implies every scope.</summary>
/// <paramref name="ExpiresAt"/> is when its token stops being accepted (exp plus the skew), for requests and open sockets alike.
internal sealed record Caller(string Subject, IReadOnlySet<string> Scopes, DateTimeOffset? ExpiresAt)
{
    public static readonly Caller Anonymous = new("anonymous", new HashSet<string>(Auth.Scopes.All), null);

    public bool IsAdmin => Scopes.Contains(Auth.Scopes.Admin);

    public bool Has(string scope) => IsAdmin || Scopes.Contains(scope);

    /// <summary>A panel belongs to the subject that created it; admins see every panel.</summary>
    public bool Owns(string owner) => IsAdmin || string.Equals(owner, Subject, StringComparison.Ordinal);
}
