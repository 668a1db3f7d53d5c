using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

/// <summary>Creating a one-tool panel over HTTP for the hostile-guest tests.</summary>
internal static class GuestPanels
{
    public static Task<HttpResponseMessage> CreateAsync(HttpClient client, string id, string handler, string initialState = "{}")
    {
        var tool = JsonSerializer.Serialize(handler, TestJson.Default.String);
        return client.PostAsync("/panels", JsonContent($$"""
            {"id":"{{id}}","kind":"k","initialState":{{initialState}},"tools":[{"name":"run","handler":{{tool}}}]}
            """));
    }

    public static async Task<JsonElement> TriggerAsync(HttpClient client, string id)
    {
        using var response = await client.PostAsync($"/panels/{id}/trigger/run", null);
        return await response.JsonAsync();
    }
}
