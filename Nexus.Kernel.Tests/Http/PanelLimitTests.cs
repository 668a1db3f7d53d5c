using System.Net;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

public class PanelLimitTests
{
    [Test]
    public async Task Per_subject_and_total_limits_are_429_with_retry_after()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["MAX_PANELS"] = "3",
            ["MAX_PANELS_PER_SUBJECT"] = "2",
        });
        using var alice = kernel.ClientFor("alice");
        using var bob = kernel.ClientFor("bob");
        for (var i = 0; i < 2; i++)
        {
            using var ok = await alice.PostAsync("/panels", JsonContent("""{"kind":"k","tools":[]}"""));
            await Assert.That(ok.StatusCode).IsEqualTo(HttpStatusCode.Created);
        }
        using var third = await alice.PostAsync("/panels", JsonContent("""{"kind":"k","tools":[]}"""));
        var perSubject = await third.ProblemAsync(HttpStatusCode.TooManyRequests, "PANEL_LIMIT");
        await Assert.That(perSubject.GetProperty("detail").GetString()!).Contains("MAX_PANELS_PER_SUBJECT");
        await Assert.That(third.Headers.RetryAfter).IsNotNull();

        using var bobsFirst = await bob.PostAsync("/panels", JsonContent("""{"kind":"k","tools":[]}"""));
        await Assert.That(bobsFirst.StatusCode).IsEqualTo(HttpStatusCode.Created);
        using var bobsSecond = await bob.PostAsync("/panels", JsonContent("""{"kind":"k","tools":[]}"""));
        var total = await bobsSecond.ProblemAsync(HttpStatusCode.TooManyRequests, "PANEL_LIMIT");
        await Assert.That(total.GetProperty("detail").GetString()!).Contains("MAX_PANELS (3)");
    }

    [Test]
    public async Task A_subject_at_its_limit_that_deletes_a_panel_may_create_exactly_one_more()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["MAX_PANELS_PER_SUBJECT"] = "2" });
        using var alice = kernel.ClientFor("alice");
        foreach (var id in new[] { "a1", "a2" })
        {
            using var ok = await alice.PostAsync("/panels", JsonContent($$"""{"id":"{{id}}","kind":"k","tools":[]}"""));
            await Assert.That(ok.StatusCode).IsEqualTo(HttpStatusCode.Created);
        }
        using var refused = await alice.PostAsync("/panels", JsonContent("""{"id":"a3","kind":"k","tools":[]}"""));
        await refused.ProblemAsync(HttpStatusCode.TooManyRequests, "PANEL_LIMIT");

        using var deleted = await alice.DeleteAsync("/panels/a1");
        await Assert.That(deleted.IsSuccessStatusCode).IsTrue();
        using var again = await alice.PostAsync("/panels", JsonContent("""{"id":"a3","kind":"k","tools":[]}"""));
        await Assert.That(again.StatusCode).IsEqualTo(HttpStatusCode.Created);
        using var overCap = await alice.PostAsync("/panels", JsonContent("""{"id":"a4","kind":"k","tools":[]}"""));
        await overCap.ProblemAsync(HttpStatusCode.TooManyRequests, "PANEL_LIMIT");
    }
}
