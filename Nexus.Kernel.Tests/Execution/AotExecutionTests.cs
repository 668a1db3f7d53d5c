using System.Net;
using System.Net.Http.Headers;
using Nexus.Kernel.Tests.Build;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>JavaScript handlers run in the published Native AOT binary (Wasmtime, QuickJS, traps, interrupts).</summary>
[NotInParallel("aot-binary")]
public sealed class AotExecutionTests
{
    [Test]
    public async Task Handlers_run_time_out_and_fail_to_compile_in_the_AOT_binary()
    {
        var binary = await AotPublish.EnsureAsync();
        var environment = AotBinaryTests.BaseEnvironment(Directory.CreateTempSubdirectory("nexus-aot-exec-").FullName);
        environment["TIMEOUT_MS"] = "200";
        await using var kernel = KernelProcess.Start(binary, environment);
        await kernel.WaitListeningAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{kernel.HttpPort}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Jwt.Hs256(Jwt.Payload("aot", exp: Jwt.Now + 600, iat: Jwt.Now)));

        using var created = await client.PostAsync("/panels", JsonContent("""
            {"id":"aot_exec","kind":"k","initialState":{"n":41},"tools":[
              {"name":"inc","handler":"$state.n += 1; $emit('bumped', { n: $state.n }); return $state.n;"},
              {"name":"loop","handler":"while (true) {}"},
              {"name":"deep","handler":"function f() { return f() + 1; } return f();"}]}
            """));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);

        var inc = await (await client.PostAsync("/panels/aot_exec/trigger/inc", null)).JsonAsync();
        var loop = await (await client.PostAsync("/panels/aot_exec/trigger/loop", null)).JsonAsync();
        var deep = await (await client.PostAsync("/panels/aot_exec/trigger/deep", null)).JsonAsync();
        var broken = await (await client.PostAsync("/panels", JsonContent("""
            {"kind":"k","tools":[{"name":"bad","handler":"const a = 1;\nconst b = ;"}]}
            """))).ProblemAsync(HttpStatusCode.BadRequest, "COMPILATION_ERROR");

        await Assert.That(inc.GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That(inc.GetProperty("returnValue").GetInt32()).IsEqualTo(42);
        await Assert.That(inc.GetProperty("stateMutations")[0].GetProperty("key").GetString()).IsEqualTo("n");
        await Assert.That(inc.GetProperty("events")[0].GetProperty("name").GetString()).IsEqualTo("bumped");
        await Assert.That(loop.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("TIMEOUT");
        await Assert.That(deep.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("RESOURCE_LIMIT");
        await Assert.That(broken.GetProperty("line").GetInt32()).IsEqualTo(2);
    }
}
