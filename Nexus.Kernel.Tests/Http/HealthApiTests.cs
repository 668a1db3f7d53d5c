using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

public class HealthApiTests
{
    [Test]
    public async Task Health_answers_without_a_token_with_the_documented_shape()
    {
        await using var kernel = await TestKernel.StartAsync();

        using var response = await kernel.Http.GetAsync("/health");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.OK);
        await Assert.That(body.GetProperty("status").GetString()).IsEqualTo("healthy");
        await Assert.That(body.GetProperty("uptime").GetInt64()).IsGreaterThanOrEqualTo(0);
        await Assert.That(body.GetProperty("panels").GetProperty("active").GetInt32()).IsEqualTo(0);
        await Assert.That(body.GetProperty("runtime").GetProperty("memoryBytes").GetInt64()).IsGreaterThan(0);
    }
}
