using System.Net;
using Microsoft.Extensions.Time.Testing;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Auth;

/// <summary>The validator remembers accepted tokens; what it remembers must still expire on time.</summary>
public class AcceptedTokenTests
{
    [Test]
    public async Task A_remembered_token_is_refused_once_its_exp_and_the_skew_have_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var kernel = await TestKernel.StartAsync(overrides: new KernelOverrides(Time: time));
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        using var client = kernel.Client(Jwt.Hs256(Jwt.Payload(exp: now + 60, iat: now)));

        using (var first = await client.GetAsync("/panels")) await Assert.That(first.StatusCode).IsEqualTo(HttpStatusCode.OK);
        time.Advance(TimeSpan.FromSeconds(60 + 25)); // past exp, within the 30 s skew: still accepted
        using (var withinSkew = await client.GetAsync("/panels")) await Assert.That(withinSkew.StatusCode).IsEqualTo(HttpStatusCode.OK);
        time.Advance(TimeSpan.FromSeconds(10));
        using var expired = await client.GetAsync("/panels");

        await Assert.That(expired.StatusCode).IsEqualTo(HttpStatusCode.Unauthorized);
        await Assert.That(await expired.Content.ReadAsStringAsync()).Contains("expired");
    }

    [Test]
    public async Task A_token_signed_with_another_key_is_refused_even_after_the_same_subject_was_accepted()
    {
        await using var kernel = await TestKernel.StartAsync();
        var payload = Jwt.Payload(exp: Jwt.Now + 600);
        using (var good = kernel.Client(Jwt.Hs256(payload)))
        using (var accepted = await good.GetAsync("/panels"))
        {
            await Assert.That(accepted.StatusCode).IsEqualTo(HttpStatusCode.OK);
        }

        using var forged = kernel.Client(Jwt.Hs256(payload, secret: "another-secret-that-is-also-32-bytes-long"));
        using var refused = await forged.GetAsync("/panels");

        await Assert.That(refused.StatusCode).IsEqualTo(HttpStatusCode.Unauthorized);
    }
}
