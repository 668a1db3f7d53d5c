using System.Net;
using System.Text.Json;

namespace Nexus.Kernel.Tests.Support;

internal static class HttpAssertions
{
    /// <summary>Reads a problem+json body and checks its status and <c>code</c>; returns the body for further checks.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        await Assert.That(response.StatusCode).IsEqualTo(status).Because(text);
        await Assert.That(response.Content.Headers.ContentType?.MediaType).IsEqualTo("application/problem+json");
        var body = JsonDocument.Parse(text).RootElement;
        await Assert.That(body.GetProperty("code").GetString()).IsEqualTo(code);
        await Assert.That(body.GetProperty("status").GetInt32()).IsEqualTo((int)status);
        await Assert.That(body.GetProperty("type").GetString()).IsNotNull();
        await Assert.That(body.GetProperty("title").GetString()).IsNotNull();
        await Assert.That(text).DoesNotContain("   at ");
        return body;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        await Assert.That(response.StatusCode).IsEqualTo(status).Because(text);
        return JsonDocument.Parse(text).RootElement;
    }

    public static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
