using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// Hostile handlers through the real server: each ends with its own code, leaves its panel's state and version as
/// they were, and while it is still running another panel answers (MAX_INSTANCES=2, so a worker is free).
/// Each handler first spins for 2 s of guest time (TIMEOUT_MS is 6 s), so "still running" is not a race.
/// </summary>
[NotInParallel(nameof(HostileHandlerTests))] // CPU-bound handlers on a 2-core machine: one kernel at a time
public class HostileHandlerTests
{
    private const string Spin = "const until = $time.now() + 2000; while ($time.now() < until) {} ";

    public static IEnumerable<Func<(string Name, string Handler, string Capabilities, string Code)>> Hostiles() =>
    [
        () => ("endless loop", "while (true) {}", "null", "TIMEOUT"),
        () => ("memory bomb", Spin + "const a = []; while (true) a.push('x'.repeat(1 << 16) + a.length);", "null", "MEMORY_LIMIT"),
        () => ("runaway recursion", Spin + "function f(n) { return f(n + 1) + 1; } return f(0);", "null", "RESOURCE_LIMIT"),
        () => ("ten thousand writes", Spin + "for (let i = 0; i < 10000; i++) $state['k' + i] = i;", "null", "RESOURCE_LIMIT"),
        () => ("undeclared write swallowed", Spin + "try { $state.secret = 1; } catch (e) {} return 'swallowed';",
            """["state:read:*","state:write:count"]""", "PERMISSION_DENIED"),
        () => ("throw after writing", Spin + "$state.count = 99; $state.extra = true; throw new Error('boom');", "null", "EXECUTION_ERROR"),
    ];

    [Test]
    [MethodDataSource(nameof(Hostiles))]
    public async Task A_hostile_handler_ends_with_its_code_leaves_state_and_version_untouched_while_another_panel_answers(
        string name, string handler, string capabilities, string code)
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["TIMEOUT_MS"] = "6000", ["MAX_HOST_CALLS"] = "100000000", ["MAX_INSTANCES"] = "2",
        });
        using var client = kernel.ClientFor("hostile");
        var tool = JsonSerializer.Serialize(handler, TestJson.Default.String);
        using (var created = await client.PostAsync("/panels", JsonContent($$$"""
            {"id":"bad","kind":"k","initialState":{"count":1,"nested":{"a":[1,2]}},
             "tools":[{"name":"run","handler":{{{tool}}},"capabilities":{{{capabilities}}}},{"name":"inc","handler":"$state.count += 1;"}]}
            """)))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }
        using (var created = await client.PostAsync("/panels", JsonContent("""
            {"id":"good","kind":"k","initialState":{"n":0},"tools":[{"name":"inc","handler":"$state.n += 1; return $state.n;"}]}
            """)))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }
        // A committed batch first, so "untouched" means "still at version 1", not merely "still empty".
        await (await client.PostAsync("/panels/bad/trigger/inc", null)).JsonAsync();
        var before = await (await client.GetAsync("/panels/bad")).JsonAsync();
        await Assert.That(before.GetProperty("version").GetInt64()).IsEqualTo(1);

        // Every sandbox idle (the warm-up's reset done), then the hostile trigger: the next busy instance is its.
        await WaitForActiveInstancesAsync(kernel, active => active == 0);
        var hostile = client.PostAsync("/panels/bad/trigger/run", null);
        await WaitForActiveInstancesAsync(kernel, active => active >= 1);
        var good = await (await client.PostAsync("/panels/good/trigger/inc", null)).JsonAsync();
        var hostileStillRunning = !hostile.IsCompleted;

        await Assert.That(good.GetProperty("returnValue").GetInt32()).IsEqualTo(1);
        await Assert.That(hostileStillRunning).IsTrue().Because($"{name}: the other panel must answer while the hostile handler runs");

        var result = await (await hostile).JsonAsync();
        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("error");
        await Assert.That(result.GetProperty("error").GetProperty("code").GetString()).IsEqualTo(code).Because(result.GetRawText());
        await Assert.That(result.GetProperty("stateMutations").GetArrayLength()).IsEqualTo(0);

        var after = await (await client.GetAsync("/panels/bad")).JsonAsync();
        await Assert.That(after.GetProperty("version").GetInt64()).IsEqualTo(1);
        await Assert.That(after.GetProperty("state").GetRawText()).IsEqualTo(before.GetProperty("state").GetRawText());
        await Assert.That(after.GetProperty("status").GetString()).IsEqualTo("running");

        using var health = await kernel.Http.GetAsync("/health");
        await Assert.That(health.StatusCode).IsEqualTo(HttpStatusCode.OK);
        var again = await (await client.PostAsync("/panels/bad/trigger/inc", null)).JsonAsync();
        await Assert.That(again.GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That((await (await client.GetAsync("/panels/bad")).JsonAsync()).GetProperty("version").GetInt64()).IsEqualTo(2);
    }

    /// <summary>Polls /health until the number of busy instances satisfies <paramref name="wanted"/>.</summary>
    private static async Task WaitForActiveInstancesAsync(TestKernel kernel, Func<int, bool> wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var health = await (await kernel.Http.GetAsync("/health")).JsonAsync();
            if (wanted(health.GetProperty("runtime").GetProperty("activeInstances").GetInt32())) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("active instances never as wanted: " + health.GetRawText());
            await Task.Delay(10);
        }
    }
}
