using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// A value a handler hands the host may nest at most 64 levels, counted from the value's own root (each array or
/// object is one level: <c>[[0]]</c> has two). Deeper values used to end in INTERNAL_ERROR ("sandbox trapped:
/// ArrayDepthTooLarge"); they are RESOURCE_LIMIT, and nothing is committed.
/// </summary>
public class DeepGuestValueTests
{
    private static string Nest(int levels) =>
        $"let v = 0; for (let i = 0; i < {levels}; i++) v = i % 2 ? {{ k: v }} : [v];";

    public static IEnumerable<Func<(string Sink, string Statement)>> Sinks() =>
    [
        () => ("state", "$state.v = v;"),
        () => ("return value", "return v;"),
        () => ("event payload", "$emit('e', v);"),
        () => ("view params", "$view.command('list', 'go', v);"),
    ];

    [Test]
    [MethodDataSource(nameof(Sinks))]
    public async Task A_value_nested_200_levels_is_a_resource_limit_that_commits_nothing(string sink, string statement)
    {
        var (result, panel) = await RunAsync(200, "$state.touched = true; " + statement);

        await AssertRefused(result, panel, sink);
    }

    [Test]
    [MethodDataSource(nameof(Sinks))]
    public async Task A_value_nested_65_levels_is_refused(string sink, string statement)
    {
        var (result, panel) = await RunAsync(65, "$state.touched = true; " + statement);

        await AssertRefused(result, panel, sink);
    }

    [Test]
    [MethodDataSource(nameof(Sinks))]
    public async Task A_value_nested_64_levels_is_accepted_and_reads_back(string sink, string statement)
    {
        var (outcome, state) = await RunAsync(64, "$state.touched = true; " + statement);
        await Assert.That(outcome.GetProperty("status").GetString()).IsEqualTo("success").Because(sink + ": " + outcome.GetRawText());
        await Assert.That(state.GetProperty("version").GetInt64()).IsEqualTo(1);
        await Assert.That(state.GetProperty("state").GetProperty("touched").GetBoolean()).IsTrue();
        if (sink == "state") await Assert.That(Depth(state.GetProperty("state").GetProperty("v"))).IsEqualTo(64);
        if (sink == "return value") await Assert.That(Depth(outcome.GetProperty("returnValue"))).IsEqualTo(64);
    }

    private static async Task AssertRefused(JsonElement result, JsonElement panel, string sink)
    {
        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("error");
        var error = result.GetProperty("error");
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("RESOURCE_LIMIT").Because(sink + ": " + result.GetRawText());
        await Assert.That(error.GetProperty("message").GetString()).Contains("nested deeper than 64 levels");
        await Assert.That(panel.GetProperty("version").GetInt64()).IsEqualTo(0);
        await Assert.That(panel.GetProperty("state").GetRawText()).IsEqualTo("""{"n":0}""");
    }

    /// <summary>Runs the handler on a fresh panel, then reads the panel back (its state must still parse).</summary>
    private static async Task<(JsonElement Result, JsonElement Panel)> RunAsync(int levels, string statement)
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("deep");
        using (var created = await GuestPanels.CreateAsync(client, "p", Nest(levels) + " " + statement, """{"n":0}"""))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }
        var result = await ReadDeepAsync(await client.PostAsync("/panels/p/trigger/run", null));
        await ReadDeepAsync(await client.GetAsync("/panels/p/state"));
        return (result, await ReadDeepAsync(await client.GetAsync("/panels/p")));
    }

    /// <summary>A 200 whose body parses; responses carry a 64-level value inside their own envelope.</summary>
    private static async Task<JsonElement> ReadDeepAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.OK).Because(body);
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 128 });
            return document.RootElement.Clone();
        }
    }

    private static int Depth(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => 1 + value.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        JsonValueKind.Object => 1 + value.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
