using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Execution.Wasm;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// The size limits of a panel at their exact boundaries: MAX_TOOLS, MAX_HANDLER_BYTES, MAX_MODULE_BYTES and
/// MAX_STATE_BYTES (at creation and at commit, on the memory store). The cap passes, one more is refused.
/// </summary>
public class CreateLimitBoundaryTests
{
    private const int MaxTools = 3;
    private const int MaxHandlerBytes = 200;
    private const int MaxStateBytes = 100;
    private static readonly byte[] SmallModule = WatModules.Binary(WatModules.Numbered(7));
    private static readonly int MaxModuleBytes = SmallModule.Length + 40;

    private static TestKernel _kernel = null!;
    private static int _subjects;

    [Before(Class)]
    public static async Task Start() => _kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
    {
        ["MAX_TOOLS"] = MaxTools.ToString(), ["MAX_HANDLER_BYTES"] = MaxHandlerBytes.ToString(),
        ["MAX_MODULE_BYTES"] = MaxModuleBytes.ToString(), ["MAX_STATE_BYTES"] = MaxStateBytes.ToString(),
    });

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    private static HttpClient Client() => _kernel.ClientFor("limits" + Interlocked.Increment(ref _subjects));

    private static async Task<HttpResponseMessage> CreateAsync(string tools, string initialState = "{}") =>
        await Client().PostAsync("/panels", JsonContent($$"""{"kind":"k","initialState":{{initialState}},"tools":[{{tools}}]}"""));

    private static string Tools(int count) => string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"name":"t{{i}}","handler":"return 1;"}"""));

    /// <summary>A handler of exactly <paramref name="bytes"/> UTF-8 bytes (a comment pads a valid body).</summary>
    private static string Handler(int bytes) => "return 1; //" + new string('x', bytes - "return 1; //".Length);

    /// <summary>The small valid module padded with a custom section to exactly <paramref name="bytes"/> bytes.</summary>
    private static string Module(int bytes)
    {
        // Custom section: id 0, size (one LEB byte, < 128), name length 3, "pad", payload.
        var payload = bytes - SmallModule.Length - 6;
        var section = new byte[] { 0, (byte)(4 + payload), 3, (byte)'p', (byte)'a', (byte)'d' }.Concat(new byte[payload]);
        var module = SmallModule.Concat(section).ToArray();
        if (module.Length != bytes) throw new InvalidOperationException($"padded to {module.Length}, wanted {bytes}");
        return Convert.ToBase64String(module);
    }

    [Test]
    public async Task Max_tools_passes_and_one_more_is_400()
    {
        using var atCap = await CreateAsync(Tools(MaxTools));
        await atCap.JsonAsync(HttpStatusCode.Created);

        var problem = await (await CreateAsync(Tools(MaxTools + 1))).ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await Assert.That(problem.GetProperty("detail").GetString()!).Contains("MAX_TOOLS");
    }

    [Test]
    public async Task A_handler_of_max_handler_bytes_passes_and_one_byte_more_is_413()
    {
        using var atCap = await CreateAsync($$"""{"name":"h","handler":{{JsonSerializer.Serialize(Handler(MaxHandlerBytes), TestJson.Default.String)}}}""");
        await atCap.JsonAsync(HttpStatusCode.Created);

        using var over = await CreateAsync($$"""{"name":"h","handler":{{JsonSerializer.Serialize(Handler(MaxHandlerBytes + 1), TestJson.Default.String)}}}""");
        var problem = await over.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        await Assert.That(problem.GetProperty("detail").GetString()!).Contains("MAX_HANDLER_BYTES");
    }

    [Test]
    public async Task A_module_of_max_module_bytes_passes_and_one_byte_more_is_413()
    {
        using var atCap = await CreateAsync($$"""{"name":"m","module":"{{Module(MaxModuleBytes)}}"}""");
        await atCap.JsonAsync(HttpStatusCode.Created);

        using var over = await CreateAsync($$"""{"name":"m","module":"{{Module(MaxModuleBytes + 1)}}"}""");
        var problem = await over.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        await Assert.That(problem.GetProperty("detail").GetString()!).Contains("MAX_MODULE_BYTES");
    }

    [Test]
    public async Task Initial_state_of_max_state_bytes_passes_and_one_byte_more_is_413()
    {
        // {"s":"…"} is the string's length plus 8 bytes of compact JSON.
        using var atCap = await CreateAsync("", $$"""{"s":"{{new string('x', MaxStateBytes - 8)}}"}""");
        await atCap.JsonAsync(HttpStatusCode.Created);

        using var over = await CreateAsync("", $$"""{"s":"{{new string('x', MaxStateBytes - 7)}}"}""");
        var problem = await over.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        await Assert.That(problem.GetProperty("detail").GetString()!).Contains("MAX_STATE_BYTES");
    }

    [Test]
    public async Task A_commit_reaching_max_state_bytes_applies_and_one_byte_more_is_refused_on_the_memory_store()
    {
        using var client = Client();
        using var created = await client.PostAsync("/panels", JsonContent("""
            {"id":"grow","kind":"k","tools":[{"name":"fill","handler":"$state.s = 'x'.repeat($args.n); return $args.n;"}]}
            """));
        await created.JsonAsync(HttpStatusCode.Created);

        var atCap = await (await client.PostAsync("/panels/grow/trigger/fill", JsonContent($$$"""{"args":{"n":{{{MaxStateBytes - 8}}}}}"""))).JsonAsync();
        var over = await (await client.PostAsync("/panels/grow/trigger/fill", JsonContent($$$"""{"args":{"n":{{{MaxStateBytes - 7}}}}}"""))).JsonAsync();
        var state = await (await client.GetAsync("/panels/grow/state")).JsonAsync();

        await Assert.That(atCap.GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That(over.GetProperty("status").GetString()).IsEqualTo("error");
        await Assert.That(over.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("RESOURCE_LIMIT");
        await Assert.That(over.GetProperty("error").GetProperty("message").GetString()!).Contains("MAX_STATE_BYTES");
        await Assert.That(state.GetProperty("s").GetString()!.Length).IsEqualTo(MaxStateBytes - 8);
    }
}
