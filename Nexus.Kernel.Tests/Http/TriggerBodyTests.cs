using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// The trigger body rule: an object whose only member is <c>args</c> is the wrapped form, any other JSON body is the
/// arguments themselves (the original runtime's wire), no body is <c>{}</c>. Problems carry <c>error</c> = <c>detail</c>.
/// </summary>
public class TriggerBodyTests
{
    private static TestKernel _kernel = null!;
    private static HttpClient _client = null!;

    [Before(Class)]
    public static async Task Start()
    {
        _kernel = await TestKernel.StartAsync();
        _client = _kernel.ClientFor("bodies");
        using var created = await _client.PostAsync("/panels", JsonContent("""
            {"id":"echo","kind":"k","tools":[{"name":"echo","handler":"return $args;"}]}
            """));
        await Assert.That((int)created.StatusCode).IsEqualTo(201);
    }

    [After(Class)]
    public static async Task Stop()
    {
        _client.Dispose();
        await _kernel.DisposeAsync();
    }

    private static async Task<string> EchoAsync(HttpContent? body)
    {
        using var response = await _client.PostAsync("/panels/echo/trigger/echo", body);
        var result = await response.JsonAsync();
        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success");
        return result.GetProperty("returnValue").GetRawText();
    }

    [Test]
    [Arguments("""{"id":"n1"}""", """{"id":"n1"}""")]
    [Arguments("""{"args":{"by":5}}""", """{"by":5}""")]
    [Arguments("""{"args":{"by":5},"extra":1}""", """{"args":{"by":5},"extra":1}""")]
    [Arguments("""{"args":7}""", "7")]
    [Arguments("""{"args":null}""", "{}")]
    [Arguments("""{"args":{"args":1}}""", """{"args":1}""")]
    [Arguments("[1,2]", "[1,2]")]
    [Arguments("\"text\"", "\"text\"")]
    [Arguments("{}", "{}")]
    [Arguments("null", "{}")]
    public async Task A_body_is_the_arguments_unless_it_is_the_wrapped_form(string body, string expectedArgs)
    {
        await Assert.That(await EchoAsync(JsonContent(body))).IsEqualTo(expectedArgs);
    }

    [Test]
    public async Task No_body_means_empty_arguments()
    {
        await Assert.That(await EchoAsync(null)).IsEqualTo("{}");
    }

    [Test]
    public async Task Every_problem_carries_error_with_the_same_text_as_detail()
    {
        using var missing = await _client.PostAsync("/panels/echo/trigger/nope", JsonContent("{}"));
        var notFound = await missing.ProblemAsync(HttpStatusCode.NotFound, "TOOL_NOT_FOUND");
        await Assert.That(notFound.GetProperty("error").GetString()).IsEqualTo(notFound.GetProperty("detail").GetString());
        await Assert.That(notFound.GetProperty("error").GetString()).Contains("nope");

        using var malformed = await _client.PostAsync("/panels/echo/trigger/echo", JsonContent("""{"id":"""));
        var invalid = await malformed.ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await Assert.That(invalid.GetProperty("error").GetString()).IsEqualTo(invalid.GetProperty("detail").GetString());
        await Assert.That(invalid.GetProperty("error").ValueKind).IsEqualTo(JsonValueKind.String);
    }
}
