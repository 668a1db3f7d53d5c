using System.Net;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

/// <summary>Pristine globals per execution, seen through the real server: only $state survives an execution.</summary>
public class IsolationOverHttpTests
{
    private const string Probe = """
        const seen = { leaked: typeof globalThis.leaked === 'undefined' ? null : globalThis.leaked,
                       patched: Array.prototype.includes.toString().includes('pwned') };
        globalThis.leaked = 'from ' + $scope.name;
        Array.prototype.includes = function () { return 'pwned'; };
        return seen;
        """;

    [Test]
    public async Task A_global_set_by_one_execution_is_invisible_to_the_next_of_the_same_panel_and_of_another()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["MAX_INSTANCES"] = "1", ["MIN_INSTANCES"] = "1" });
        using var client = kernel.ClientFor("isolated");
        var tool = System.Text.Json.JsonSerializer.Serialize(Probe, TestJson.Default.String);
        foreach (var id in new[] { "one", "two" })
        {
            using var created = await client.PostAsync("/panels", JsonContent($$"""
                {"id":"{{id}}","kind":"k","scope":{"name":"{{id}}"},"tools":[{"name":"probe","handler":{{tool}}}]}
                """));
            await created.JsonAsync(HttpStatusCode.Created);
        }

        // One instance only: every execution reuses the same (reset) sandbox, the most likely place for a leak.
        var runs = new List<string>();
        foreach (var id in new[] { "one", "one", "two", "one" })
        {
            var result = await (await client.PostAsync($"/panels/{id}/trigger/probe", null)).JsonAsync();
            await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success").Because(result.GetRawText());
            runs.Add(result.GetProperty("returnValue").GetRawText());
        }

        await Assert.That(runs.Distinct().Single()).IsEqualTo("""{"leaked":null,"patched":false}""");
    }
}
