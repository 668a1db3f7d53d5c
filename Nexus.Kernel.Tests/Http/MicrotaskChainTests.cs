using System.Net;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

/// <summary>The issue's endless microtask chain through the real server with the default limits: it never reports
/// success and never commits (it retains a promise per link, so the heap fills before the CPU budget is spent).</summary>
public class MicrotaskChainTests
{
    [Test]
    public async Task The_endless_chain_from_the_issue_ends_with_a_limit_and_commits_nothing()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("chain");
        using (var created = await GuestPanels.CreateAsync(client, "p",
            "$state.v = 1; const f = () => Promise.resolve().then(f); f();", """{"v":0}"""))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }

        var result = await GuestPanels.TriggerAsync(client, "p");

        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("error").Because(result.GetRawText());
        await Assert.That(result.GetProperty("error").GetProperty("code").GetString()).IsIn("MEMORY_LIMIT", "TIMEOUT");
        var panel = await (await client.GetAsync("/panels/p")).JsonAsync();
        await Assert.That(panel.GetProperty("version").GetInt64()).IsEqualTo(0);
        await Assert.That(panel.GetProperty("state").GetRawText()).IsEqualTo("""{"v":0}""");
    }
}
