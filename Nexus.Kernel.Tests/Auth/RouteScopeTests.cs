using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Auth;

/// <summary>
/// Every route against every scope: the one scope it needs (and panels:admin) gets past auth, each other scope is
/// 403 naming the scope it lacks. Past auth is shown by the route's own answer (201, 200 or 404 for a missing panel).
/// </summary>
public class RouteScopeTests
{
    private static readonly string[] AllScopes = ["panels:read", "panels:write", "panels:execute", "panels:ext", "panels:admin"];

    private static TestKernel _kernel = null!;
    private static int _subjects;

    [Before(Class)]
    public static async Task Start() =>
        _kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["MAX_PANELS"] = "1000", ["MAX_PANELS_PER_SUBJECT"] = "1000" });

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    /// <summary>Method, path, the scope it needs, and its answer once past auth.</summary>
    private static readonly (string Method, string Path, string Needs, int Passed)[] Routes =
    [
        ("POST", "/panels", "panels:write", 201),
        ("GET", "/panels", "panels:read", 200),
        ("GET", "/panels/nope", "panels:read", 404),
        ("GET", "/panels/nope/state", "panels:read", 404),
        ("DELETE", "/panels/nope", "panels:write", 404),
        ("POST", "/panels/nope/trigger/run", "panels:execute", 404),
        ("WS", "/panels/nope/ws", "panels:read", 404),
    ];

    public static IEnumerable<Func<(string Method, string Path, string Needs, int Passed, string Scope)>> Cases()
    {
        foreach (var route in Routes)
        {
            foreach (var scope in AllScopes) yield return () => (route.Method, route.Path, route.Needs, route.Passed, scope);
        }
    }

    [Test]
    [MethodDataSource(nameof(Cases))]
    public async Task Each_route_admits_its_scope_and_refuses_every_other((string Method, string Path, string Needs, int Passed, string Scope) c)
    {
        var token = _kernel.Token("scoped" + Interlocked.Increment(ref _subjects), c.Scope);
        var admitted = c.Scope == c.Needs || c.Scope == "panels:admin";

        if (c.Method == "WS")
        {
            var status = await WsClient.RefusalStatusAsync(_kernel.WsPort, "nope", token);
            await Assert.That(status).IsEqualTo(admitted ? c.Passed : 403);
            return;
        }

        using var client = _kernel.Client(token);
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Method == "POST" && c.Path == "/panels") request.Content = JsonContent("""{"kind":"k","tools":[]}""");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        if (admitted)
        {
            await Assert.That((int)response.StatusCode).IsEqualTo(c.Passed).Because(body);
            return;
        }
        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.Forbidden).Because(body);
        var problem = JsonDocument.Parse(body).RootElement;
        await Assert.That(problem.GetProperty("code").GetString()).IsEqualTo("FORBIDDEN");
        await Assert.That(problem.GetProperty("detail").GetString()).IsEqualTo("missing scope " + c.Needs);
    }
}
