using System.Net;
using System.Net.Http.Headers;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Build;

/// <summary>
/// The linux-arm64 Native AOT binary, cross-published on this x64 machine by tools/arm64/publish.sh (which installs
/// the cross toolchain, qemu-user and arm64 libssl), runs under qemu-aarch64 and serves: ready, a panel created, a
/// tool triggered, and the PATCH delivered over the WebSocket. Timings under emulation say nothing about arm64 speed.
/// </summary>
public class Arm64QemuTests
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(RepoPaths.Artifacts, "arm64");
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Tools, "arm64", "publish.sh"), output],
            RepoPaths.Root, TimeSpan.FromMinutes(15));
        var binary = Path.Combine(output, "nexus-kernel");
        return result.ExitCode == 0 && File.Exists(binary)
            ? binary
            : throw new InvalidOperationException($"tools/arm64/publish.sh failed ({result.ExitCode}):\n{result.Output}");
    }

    [Test]
    public async Task The_arm64_binary_under_qemu_serves_a_panel_and_streams_its_patch()
    {
        var binary = await Published.Value;
        var environment = AotBinaryTests.BaseEnvironment(Directory.CreateTempSubdirectory("nexus-arm64-").FullName);
        // No -L: the binary finds the arm64 glibc and libssl through the multiarch paths (a second sysroot hangs).
        await using var kernel = KernelProcess.Start("/usr/bin/qemu-aarch64", environment, binary);
        await kernel.WaitListeningAsync(TimeSpan.FromMinutes(2));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{kernel.HttpPort}"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Jwt.Hs256(Jwt.Payload("alice", exp: Jwt.Now + 3600, iat: Jwt.Now)));

        await Assert.That(await AotBinaryTests.PollReadyAsync(client, TimeSpan.FromMinutes(3))).IsEqualTo(HttpStatusCode.OK);
        using var created = await client.PostAsync("/panels", JsonContent("""
            {"id":"arm","kind":"counter","tools":[{"name":"inc","handler":"$state.n = $state.n + 1; return $state.n;"}],"initialState":{"n":41}}
            """));
        await created.JsonAsync(HttpStatusCode.Created);
        await using var socket = await WsClient.ConnectAsync(kernel.WsPort, "arm", Jwt.Hs256(Jwt.Payload("alice", exp: Jwt.Now + 3600, iat: Jwt.Now)));
        await socket.ReceiveUntilAsync("CONNECTED", TimeSpan.FromMinutes(1));

        var result = await (await client.PostAsync("/panels/arm/trigger/inc", null)).JsonAsync();
        var (patch, _) = await socket.ReceiveUntilAsync("PATCH", TimeSpan.FromMinutes(1));

        await Assert.That(result.ToString()).Contains("42");
        await Assert.That(patch.GetProperty("version").GetInt64()).IsEqualTo(1);
        await Assert.That(patch.ToString()).Contains("42");
    }
}
