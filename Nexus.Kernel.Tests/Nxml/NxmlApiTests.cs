using System.Net;
using System.Text;
using System.Text.Json;
using Nexus.Kernel.Nxml;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Nxml;

/// <summary><c>POST /panels/from-nxml</c> over the wire: the mapping, id collisions, and every hostile document a 400.</summary>
public class NxmlApiTests
{
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start() => _kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["BODY_LIMIT"] = "16mb" });

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    internal static StringContent Body(string nxml, string? initialState = null)
    {
        var json = JsonSerializer.Serialize(nxml, Nexus.Kernel.Json.KernelJsonContext.Default.String);
        return JsonContent(initialState is null ? $$"""{"nxmlSource":{{json}}}""" : $$"""{"nxmlSource":{{json}},"initialState":{{initialState}}}""");
    }

    private static string Unique() => "u" + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public async Task A_document_becomes_a_NexusPanel_with_its_defaults_overlaid_by_initialState()
    {
        using var client = _kernel.ClientFor(Unique());
        var nxml = NxmlDocuments.Thermostat.Replace("id=\"thermostat\"", "id=\"thermo_a\"");
        using var created = await client.PostAsync("/panels/from-nxml", Body(nxml, """{"mode":"manual","extra":[1]}"""));
        var body = await created.JsonAsync(HttpStatusCode.Created);
        await Assert.That(body.GetProperty("id").GetString()).IsEqualTo("thermo_a");
        await Assert.That(body.GetProperty("status").GetString()).IsEqualTo("running");
        await Assert.That(body.GetProperty("wsUrl").GetString()).IsEqualTo($"ws://127.0.0.1:{_kernel.HttpPort}/panels/thermo_a/ws");
        await Assert.That(created.Headers.Location!.ToString()).IsEqualTo("/panels/thermo_a");

        var info = await (await client.GetAsync("/panels/thermo_a")).JsonAsync();
        await Assert.That(info.GetProperty("kind").GetString()).IsEqualTo(NxmlMapping.Kind);
        await Assert.That(info.GetProperty("title").GetString()).IsEqualTo("Greenhouse thermostat");
        await Assert.That(info.GetProperty("tools").EnumerateArray().Select(t => t.GetString()!)).IsEquivalentTo(["set_target", "read_only"]);
        var state = await (await client.GetAsync("/panels/thermo_a/state")).JsonAsync();
        await Assert.That(state.GetProperty("target").GetDouble()).IsEqualTo(21.5);
        await Assert.That(state.GetProperty("mode").GetString()).IsEqualTo("manual");
        await Assert.That(state.GetProperty("extra").GetRawText()).IsEqualTo("[1]");

        // The handler with raw '<' and '&&' runs; the declared capability is enforced.
        var result = await (await client.PostAsync("/panels/thermo_a/trigger/set_target", JsonContent("""{"celsius":25}"""))).JsonAsync();
        await Assert.That(result.GetProperty("returnValue").GetRawText()).IsEqualTo("""{"target":25,"heating":false}""");
        var readOnly = await (await client.PostAsync("/panels/thermo_a/trigger/read_only", null)).JsonAsync();
        await Assert.That(readOnly.GetProperty("returnValue").GetInt32()).IsEqualTo(25);
    }

    [Test]
    public async Task A_taken_id_gets_a_suffix_and_a_document_without_id_gets_a_generated_one()
    {
        using var client = _kernel.ClientFor(Unique());
        var id = Unique();
        var nxml = $"<NexusPanel id=\"{id}\" title=\"t\"><Data/></NexusPanel>";
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await (await client.PostAsync("/panels/from-nxml", Body(nxml))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        }
        await Assert.That(ids).IsEquivalentTo([id, id + "-1", id + "-2"]);

        var generated = await (await client.PostAsync("/panels/from-nxml", Body(NxmlDocuments.ReadingList))).JsonAsync(HttpStatusCode.Created);
        await Assert.That(generated.GetProperty("id").GetString()).Matches("^panel_[0-9a-f]{8}$");
    }

    public static IEnumerable<Func<(string Name, string Nxml, int Line)>> HostileDocuments()
    {
        yield return () => ("unclosed tag", "<NexusPanel title=\"x\">\n  <Data>\n    <State name=\"a\">\n</NexusPanel>", 4);
        yield return () => ("entity expansion", "<!DOCTYPE NexusPanel [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n<NexusPanel title=\"&b;\"/>", 1);
        yield return () => ("external entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE NexusPanel SYSTEM \"http://127.0.0.1:1/evil.dtd\">\n<NexusPanel/>", 2);
        yield return () => ("unknown element", "<NexusPanel>\n  <Logic>\n    <Macro name=\"m\"/>\n  </Logic>\n</NexusPanel>", 3);
        yield return () => ("ten megabytes", "<NexusPanel><Data/><!--" + new string('z', 10 * 1024 * 1024) + "--></NexusPanel>", 1);
    }

    [Test]
    [MethodDataSource(nameof(HostileDocuments))]
    public async Task Hostile_documents_are_400_INVALID_NXML_with_line_and_position((string Name, string Nxml, int Line) document)
    {
        using var client = _kernel.ClientFor(Unique());
        using var response = await client.PostAsync("/panels/from-nxml", Body(document.Nxml));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "INVALID_NXML");
        await Assert.That(problem.GetProperty("line").GetInt32()).IsEqualTo(document.Line).Because(document.Name);
        await Assert.That(problem.GetProperty("column").GetInt32()).IsGreaterThanOrEqualTo(1);
        await Assert.That(problem.GetProperty("detail").GetString()).Contains($"line {document.Line}, position");
        await Assert.That(problem.GetProperty("error").GetString()).IsEqualTo(problem.GetProperty("detail").GetString());
    }

    [Test]
    public async Task A_handler_that_does_not_compile_is_COMPILATION_ERROR_at_its_document_line()
    {
        using var client = _kernel.ClientFor(Unique());
        const string Nxml = "<NexusPanel title=\"broken\">\n  <Logic>\n    <Tool name=\"ok\"><Handler>return 1;</Handler></Tool>\n    <Tool name=\"bad\">\n      <Handler>\n        const a = 1;\n        return a +;\n      </Handler>\n    </Tool>\n  </Logic>\n</NexusPanel>";
        using var response = await client.PostAsync("/panels/from-nxml", Body(Nxml));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "COMPILATION_ERROR");
        await Assert.That(problem.GetProperty("tool").GetString()).IsEqualTo("bad");
        await Assert.That(problem.GetProperty("line").GetInt32()).IsEqualTo(7);
        await Assert.That(problem.GetProperty("error").GetString()).Contains("document line 7");
    }

    [Test]
    public async Task Request_faults_say_what_is_wrong()
    {
        using var client = _kernel.ClientFor(Unique());
        var unknown = await (await client.PostAsync("/panels/from-nxml", JsonContent("""{"nxmlSource":"<NexusPanel/>","x":1}"""))).ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await Assert.That(unknown.GetProperty("detail").GetString()).StartsWith("unknown member 'x'");
        var notString = await (await client.PostAsync("/panels/from-nxml", JsonContent("""{"nxmlSource":5}"""))).ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await Assert.That(notString.GetProperty("detail").GetString()).Contains("nxmlSource must be a string");
        var missing = await (await client.PostAsync("/panels/from-nxml", JsonContent("{}"))).ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await Assert.That(missing.GetProperty("detail").GetString()).Contains("nxmlSource is required");
        var notObject = await (await client.PostAsync("/panels/from-nxml", Body("<NexusPanel><Data/></NexusPanel>", "[1]"))).ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await Assert.That(notObject.GetProperty("detail").GetString()).Contains("initialState must be a JSON object");
        var surrogate = await (await client.PostAsync("/panels/from-nxml", JsonContent("""{"nxmlSource":"<NexusPanel title=\"\ud800\"/>"}"""))).ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await Assert.That(surrogate.GetProperty("detail").GetString()).Contains("lone surrogate");
    }

    [Test]
    public async Task Granting_ext_needs_panels_ext_and_creating_needs_panels_write()
    {
        const string Nxml = "<NexusPanel><Logic><Tool name=\"get\"><Capabilities><Capability type=\"ext:http\"/></Capabilities><Handler>return 1</Handler></Tool></Logic></NexusPanel>";
        using var writer = _kernel.ClientFor(Unique());
        await (await writer.PostAsync("/panels/from-nxml", Body(Nxml))).ProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var withExt = _kernel.ClientFor(Unique(), "panels:write panels:ext");
        await (await withExt.PostAsync("/panels/from-nxml", Body(Nxml))).JsonAsync(HttpStatusCode.Created);
        using var reader = _kernel.ClientFor(Unique(), "panels:read");
        await (await reader.PostAsync("/panels/from-nxml", Body(Nxml))).ProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Test]
    public async Task Under_the_default_BODY_LIMIT_a_ten_megabyte_document_is_413()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("big");
        client.DefaultRequestHeaders.ExpectContinue = true; // the refusal arrives before the 10 MB are sent
        var nxml = new StringBuilder("<NexusPanel><!--").Append('z', 10 * 1024 * 1024).Append("--></NexusPanel>").ToString();
        await (await client.PostAsync("/panels/from-nxml", Body(nxml))).ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }
}
