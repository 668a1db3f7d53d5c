using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Auth;

public class TokenTests
{
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start() =>
        _kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["JWT_MAX_TTL_S"] = "3600" });

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    public static IEnumerable<Func<(string Name, string Token, string Reason)>> RejectedTokens()
    {
        var now = Jwt.Now;
        yield return () => ("garbage", "not-a-jwt", "malformed");
        yield return () => ("alg none", Jwt.None(Jwt.Payload(exp: now + 60)), "bad signature");
        yield return () => ("alg HS512 header", Jwt.Hs256(Jwt.Payload(exp: now + 60), headerJson: """{"alg":"HS512","typ":"JWT"}"""), "bad signature");
        yield return () => ("wrong key", Jwt.Hs256(Jwt.Payload(exp: now + 60), secret: "another-secret-that-is-also-32-bytes-long"), "signature");
        yield return () => ("expired", Jwt.Hs256(Jwt.Payload(exp: now - 120, iat: now - 600)), "expired");
        yield return () => ("not yet valid", Jwt.Hs256(Jwt.Payload(exp: now + 600, nbf: now + 300)), "not yet valid");
        yield return () => ("no exp", Jwt.Hs256(Jwt.Payload()), "exp");
        yield return () => ("ttl over JWT_MAX_TTL_S", Jwt.Hs256(Jwt.Payload(exp: now + 7200, iat: now)), "JWT_MAX_TTL_S");
        yield return () => ("ttl over max without iat", Jwt.Hs256(Jwt.Payload(exp: now + 7200)), "JWT_MAX_TTL_S");
        yield return () => ("no sub", Jwt.Hs256(Jwt.Payload(sub: null!, exp: now + 60)), "sub");
    }

    [Test]
    [MethodDataSource(nameof(RejectedTokens))]
    public async Task A_bad_token_is_401_unauthorized((string Name, string Token, string Reason) c)
    {
        using var client = _kernel.Client(c.Token);
        using var response = await client.GetAsync("/panels");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.Unauthorized);
        await Assert.That(response.Content.Headers.ContentType!.MediaType).IsEqualTo("application/problem+json");
        await Assert.That(problem.GetProperty("code").GetString()).IsEqualTo("UNAUTHORIZED");
        await Assert.That(problem.GetProperty("detail").GetString()!).Contains(c.Reason);
    }

    [Test]
    public async Task A_missing_token_is_401_and_audited_without_the_token()
    {
        using var client = _kernel.Client(null);
        using var response = await client.GetAsync("/panels");

        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.Unauthorized);
        await Assert.That(response.Headers.WwwAuthenticate.ToString()).IsEqualTo("Bearer");
        await Assert.That(_kernel.Log.All).Contains("audit: denied GET /panels: missing token");
    }

    [Test]
    public async Task A_valid_token_within_the_skew_and_ttl_is_accepted()
    {
        var now = Jwt.Now;
        using var client = _kernel.Client(Jwt.Hs256(Jwt.Payload(exp: now + 3500, iat: now, nbf: now + 20)));
        using var response = await client.GetAsync("/panels");
        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.OK);
    }

    [Test]
    public async Task Scopes_are_the_union_of_scope_and_permissions()
    {
        var now = Jwt.Now;
        using var client = _kernel.Client(Jwt.Hs256(Jwt.Payload(scope: "panels:read", exp: now + 60, extra: "\"permissions\":[\"panels:write\"]")));
        using var create = await client.PostAsJsonAsync("/panels", new { kind = "k", tools = Array.Empty<object>() });
        await Assert.That(create.StatusCode).IsEqualTo(HttpStatusCode.Created);
    }

    [Test]
    public async Task A_token_without_the_scope_is_403_naming_it()
    {
        using var client = _kernel.Client(_kernel.Token(scopes: "panels:read"));
        using var response = await client.PostAsJsonAsync("/panels", new { kind = "k", tools = Array.Empty<object>() });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.Forbidden);
        await Assert.That(problem.GetProperty("code").GetString()).IsEqualTo("FORBIDDEN");
        await Assert.That(problem.GetProperty("detail").GetString()).IsEqualTo("missing scope panels:write");
    }

    [Test]
    public async Task A_token_with_no_scope_can_do_nothing_protected()
    {
        using var client = _kernel.Client(Jwt.Hs256(Jwt.Payload(scope: "", exp: Jwt.Now + 60)));
        using var list = await client.GetAsync("/panels");
        await Assert.That(list.StatusCode).IsEqualTo(HttpStatusCode.Forbidden);
    }
}
