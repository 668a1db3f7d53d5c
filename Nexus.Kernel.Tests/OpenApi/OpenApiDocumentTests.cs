using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nexus.Kernel.OpenApi;
using Nexus.Kernel.Tests.Nxml;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.OpenApi;

/// <summary>The published API description stays true: the same routes as the server, schemas that real answers fit.</summary>
public class OpenApiDocumentTests
{
    private static TestKernel _kernel = null!;
    private static JsonElement _document;

    [Before(Class)]
    public static async Task Start()
    {
        _kernel = await TestKernel.StartAsync();
        using var response = await _kernel.Http.GetAsync(KernelOpenApi.Path); // no token: it describes, it grants nothing
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{response.StatusCode}: {_document}");
    }

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    [Test]
    public async Task It_lists_exactly_the_routes_the_server_maps()
    {
        await Assert.That(_document.GetProperty("openapi").GetString()).StartsWith("3.");
        var documented = _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        var mapped = _kernel.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText != KernelOpenApi.Path)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToHashSet();
        await Assert.That(documented).IsEquivalentTo(mapped);
        await Assert.That(mapped).Contains("POST /panels/from-nxml");
    }

    [Test]
    public async Task Real_answers_fit_the_documented_schemas()
    {
        using var client = _kernel.ClientFor("described");
        using var created = await client.PostAsync("/panels/from-nxml", NxmlApiTests.Body(NxmlDocuments.Thermostat));
        await FitsAsync(await created.JsonAsync(HttpStatusCode.Created), Response("/panels/from-nxml", "post", "201"));
        await FitsAsync(await (await client.GetAsync("/panels")).JsonAsync(), Response("/panels", "get", "200"));
        await FitsAsync(await (await client.GetAsync("/panels/thermostat")).JsonAsync(), Response("/panels/{id}", "get", "200"));
        var result = await (await client.PostAsync("/panels/thermostat/trigger/set_target", JsonContent("""{"celsius":22}"""))).JsonAsync();
        await FitsAsync(result, Response("/panels/{id}/trigger/{tool}", "post", "200"));
        using var missing = await client.GetAsync("/panels/nothing");
        await FitsAsync(await missing.ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND"), Response("/panels/{id}", "get", "default", "application/problem+json"));

        var createdSchema = Response("/panels/from-nxml", "post", "201");
        await Assert.That(createdSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!)).IsEquivalentTo(["id", "status", "wsUrl"]);
        var resultRequired = Response("/panels/{id}/trigger/{tool}", "post", "200").GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToList();
        await Assert.That(resultRequired).Contains("status").And.DoesNotContain("error").And.DoesNotContain("returnValue");

        var nxmlBody = Resolve(Operation("/panels/from-nxml", "post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        await Assert.That(nxmlBody.GetProperty("properties").EnumerateObject().Select(p => p.Name)).IsEquivalentTo(["nxmlSource", "initialState"]);
    }

    private static JsonElement Operation(string path, string method) => _document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Response(string path, string method, string status, string media = "application/json") =>
        Resolve(Operation(path, method).GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty(media).GetProperty("schema"));

    private static JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? _document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    /// <summary>Every member the server sent is documented, and every documented required member was sent.</summary>
    private static async Task FitsAsync(JsonElement body, JsonElement schema)
    {
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var member in body.EnumerateObject()) await Assert.That(properties).Contains(member.Name);
        if (!schema.TryGetProperty("required", out var required)) return;
        foreach (var name in required.EnumerateArray()) await Assert.That(body.TryGetProperty(name.GetString()!, out _)).IsTrue().Because(name.GetString()!);
    }
}
