using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// Text a handler hands the host must be well-formed Unicode. A lone UTF-16 surrogate (a string cut in the middle of
/// an emoji is enough) once committed, then made the panel unreadable for good. Each case must end in
/// <c>EXECUTION_ERROR</c> naming where, commit nothing, and leave the panel readable and usable.
/// </summary>
public class MalformedGuestTextTests
{
    public static IEnumerable<Func<(string Handler, string Where)>> Cases() =>
    [
        () => ("$state.v = '\\uDC00abc';", "state key 'v'"),
        () => ("$state.v = '😀 smile'.slice(0, 1);", "state key 'v'"),
        () => ("$state.v = { deep: ['ok', '\\uD83D'] };", "state key 'v'"),
        () => ("$state['k\\uDC00'] = 1;", "state key"),
        () => ("$state.v = 1; return '\\uD800';", "return value"),
        () => ("$state.v = 1; $emit('e', { text: '\\uDC00' });", "payload of event 'e'"),
        () => ("$state.v = 1; $emit('\\uDC00', {});", "event name"),
        () => ("$state.v = 1; $view.command('list', 'go', { p: '\\uDFFF' });", "params of view command"),
        () => ("$state.v = 1; $view.focus('\\uD800');", "view id"),
    ];

    [Test]
    [MethodDataSource(nameof(Cases))]
    public async Task A_lone_surrogate_from_a_handler_is_an_execution_error_that_commits_nothing(string handler, string where)
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("alice");
        var tool = JsonSerializer.Serialize(handler, TestJson.Default.String);
        using (var created = await client.PostAsync("/panels", JsonContent($$"""
            {"id":"p","kind":"k","initialState":{"v":0},
             "tools":[{"name":"bad","handler":{{tool}}},{"name":"inc","handler":"$state.v += 1; return $state.v;"}]}
            """)))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }

        var result = await (await client.PostAsync("/panels/p/trigger/bad", null)).JsonAsync();
        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("error");
        var error = result.GetProperty("error");
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("EXECUTION_ERROR").Because(result.GetRawText());
        await Assert.That(error.GetProperty("message").GetString()).Contains(where).And.Contains("lone surrogate");

        var panel = await (await client.GetAsync("/panels/p")).JsonAsync();
        await Assert.That(panel.GetProperty("version").GetInt64()).IsEqualTo(0);
        await Assert.That(panel.GetProperty("state").GetRawText()).IsEqualTo("""{"v":0}""");
        var again = await (await client.PostAsync("/panels/p/trigger/inc", null)).JsonAsync();
        await Assert.That(again.GetProperty("returnValue").GetInt32()).IsEqualTo(1);
    }

    [Test]
    public async Task A_thrown_error_whose_message_holds_a_lone_surrogate_is_an_execution_error()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("alice");
        using (var created = await client.PostAsync("/panels", JsonContent("""
            {"id":"p","kind":"k","tools":[{"name":"t","handler":"throw new Error('cut \\uD83D here');"}]}
            """)))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }
        var result = await (await client.PostAsync("/panels/p/trigger/t", null)).JsonAsync();
        var error = result.GetProperty("error");
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("EXECUTION_ERROR").Because(result.GetRawText());
        await Assert.That(error.GetProperty("message").GetString()).Contains("cut ").And.Contains("here");
    }

    [Test]
    public async Task A_well_formed_surrogate_pair_round_trips()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("alice");
        using (var created = await client.PostAsync("/panels", JsonContent("""
            {"id":"p","kind":"k","tools":[{"name":"set","handler":"$state.v = '😀'.slice(0, 2) + '\\uD83D\\uDE00'; return $state.v;"}]}
            """)))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }
        var result = await (await client.PostAsync("/panels/p/trigger/set", null)).JsonAsync();
        await Assert.That(result.GetProperty("returnValue").GetString()).IsEqualTo("😀😀");
        var state = await (await client.GetAsync("/panels/p/state")).JsonAsync();
        await Assert.That(state.GetProperty("v").GetString()).IsEqualTo("😀😀");
    }
}
