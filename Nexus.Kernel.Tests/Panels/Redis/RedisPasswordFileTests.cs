using System.Net;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>The Redis password read from a mounted Secret file (REDIS_PASSWORD_FILE) authenticates to a real server.</summary>
public class RedisPasswordFileTests
{
    [Test]
    public async Task A_password_from_a_file_reaches_a_server_that_requires_it()
    {
        const string password = "s3cret-from-a-mounted-file";
        await using var server = await RedisServer.StartAsync(password: password);
        var file = Path.Combine(Directory.CreateTempSubdirectory("nexus-secret-").FullName, "REDIS_PASSWORD");
        // As a Secret volume or `echo` writes it: the trailing newline is not part of the password.
        await File.WriteAllTextAsync(file, password + "\n");

        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["PANEL_STORE"] = "redis",
            ["REDIS_URL"] = server.Url,
            ["REDIS_PASSWORD_FILE"] = file,
        });
        using var client = kernel.ClientFor("alice");

        await Eventually.TrueAsync(async () => (await kernel.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready 200");
        using var created = await client.PostAsync("/panels", JsonContent("""{"id":"authed","kind":"k","tools":[]}"""));
        await created.JsonAsync(HttpStatusCode.Created);
    }
}
