using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Extensions;

/// <summary>Kernel settings and panel creation for handlers that call the built-in http extension.</summary>
internal static class ExtPanels
{
    public const string Scopes = "panels:read panels:write panels:execute panels:ext";
    public const string Capabilities = """["state:read:*","state:write:*","events:emit:*","ext:http"]""";

    /// <summary>The tests' server is on 127.0.0.1 and reached as "localhost".</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["HTTP_ALLOWED_DOMAINS"] = "localhost", ["HTTP_ALLOW_PRIVATE"] = "true" };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    public static HttpClient Client(TestKernel kernel, string sub = "ext") => kernel.Client(kernel.Token(sub, Scopes));

    public static string Url(TestHttpServer server, string path) => $"http://localhost:{server.Port}{path}";

    /// <summary>Creates panel <paramref name="id"/> with one tool <c>run</c>; <c>URL</c> in the handler is the server's base URL.</summary>
    public static async Task CreateAsync(HttpClient client, string id, string handler, TestHttpServer? server = null,
        string capabilities = Capabilities, string initialState = "{}")
    {
        var source = server is null ? handler : $"const URL = '{Url(server, "")}';\n{handler}";
        var json = JsonSerializer.Serialize(source, TestJson.Default.String);
        using var created = await client.PostAsync("/panels", JsonContent($$$"""
            {"id":"{{{id}}}","kind":"k","initialState":{{{initialState}}},
             "tools":[{"name":"run","handler":{{{json}}},"capabilities":{{{capabilities}}}}]}
            """));
        await created.JsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> RunAsync(HttpClient client, string id) =>
        await (await client.PostAsync($"/panels/{id}/trigger/run", null)).JsonAsync();
}
