using System.Net;
using Microsoft.Extensions.Time.Testing;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Auth;

/// <summary>
/// JWT_MAX_TTL_S bounds what a token is still good for (<c>exp − now</c>), whatever its <c>iat</c> says, and an
/// <c>iat</c> beyond the 30 s skew in the future is refused. On the kernel's own clock, held still.
/// </summary>
public class TokenLifetimeTests
{
    private static readonly FakeTimeProvider Time = new(DateTimeOffset.UtcNow);
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start() =>
        _kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["JWT_MAX_TTL_S"] = "3600" }, new KernelOverrides(Time: Time));

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    private static long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    private static async Task<(HttpStatusCode Status, string Body)> GetPanelsAsync(string payload)
    {
        using var client = _kernel.Client(Jwt.Hs256(payload));
        using var response = await client.GetAsync("/panels");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_iat_ten_years_ahead_with_a_one_hour_lifetime_is_refused()
    {
        var iat = Now + 10L * 365 * 24 * 3600;
        var (status, body) = await GetPanelsAsync(Jwt.Payload(sub: "t1", iat: iat, exp: iat + 3600));
        await Assert.That(status).IsEqualTo(HttpStatusCode.Unauthorized);
        await Assert.That(body).Contains("issued in the future");
    }

    [Test]
    public async Task The_cap_is_measured_from_now_not_from_iat()
    {
        // exp − iat is exactly the cap, but iat is one second ahead (within the skew): the token would live 3601 s.
        var (status, body) = await GetPanelsAsync(Jwt.Payload(sub: "t2", iat: Now + 1, exp: Now + 3601));
        await Assert.That(status).IsEqualTo(HttpStatusCode.Unauthorized);
        await Assert.That(body).Contains("JWT_MAX_TTL_S");
    }

    [Test]
    public async Task Exp_exactly_the_cap_from_now_is_accepted_whatever_its_age()
    {
        var (status, body) = await GetPanelsAsync(Jwt.Payload(sub: "t3", iat: Now - 1000, exp: Now + 3600));
        await Assert.That(status).IsEqualTo(HttpStatusCode.OK).Because(body);
    }

    [Test]
    public async Task An_iat_at_the_skew_is_accepted_and_one_second_past_it_refused()
    {
        var (atSkew, atBody) = await GetPanelsAsync(Jwt.Payload(sub: "t4", iat: Now + 30, exp: Now + 600));
        var (past, pastBody) = await GetPanelsAsync(Jwt.Payload(sub: "t5", iat: Now + 31, exp: Now + 600));

        await Assert.That(atSkew).IsEqualTo(HttpStatusCode.OK).Because(atBody);
        await Assert.That(past).IsEqualTo(HttpStatusCode.Unauthorized);
        await Assert.That(pastBody).Contains("issued in the future");
    }
}
