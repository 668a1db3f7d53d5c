using System.Net;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Auth;

public class IssuerAudienceTests
{
    [Test]
    [Arguments("\"iss\":\"nexus\",\"aud\":\"panels\"", HttpStatusCode.OK)]
    [Arguments("\"iss\":\"someone-else\",\"aud\":\"panels\"", HttpStatusCode.Unauthorized)]
    [Arguments("\"iss\":\"nexus\",\"aud\":\"other\"", HttpStatusCode.Unauthorized)]
    [Arguments("\"aud\":\"panels\"", HttpStatusCode.Unauthorized)]
    public async Task Issuer_and_audience_must_match_when_configured(string claims, HttpStatusCode expected)
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["JWT_ISSUER"] = "nexus",
            ["JWT_AUDIENCE"] = "panels",
        });
        using var client = kernel.Client(Jwt.Hs256(Jwt.Payload(exp: Jwt.Now + 60, extra: claims)));
        using var response = await client.GetAsync("/panels");
        await Assert.That(response.StatusCode).IsEqualTo(expected);
    }

    [Test]
    public async Task With_auth_disabled_every_caller_is_anonymous_with_every_scope()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["AUTH_ENABLED"] = "false", ["JWT_SECRET"] = null });
        using var response = await kernel.Http.DeleteAsync("/panels/nope");
        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
    }
}
