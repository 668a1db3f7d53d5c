using System.Net;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// A function or a symbol has no JSON form: JSON.stringify gives undefined, and an event payload or view params
/// made of one crossed to the host as the text "undefined", which answered INTERNAL_ERROR. They cross as null,
/// like undefined itself (found by <see cref="HostileValueFuzzTests"/>).
/// </summary>
public class UnserializableGuestValueTests
{
    [Test]
    [Arguments("$emit('e', () => 1); return 'emitted';")]
    [Arguments("$emit('e', Symbol('s')); return 'emitted';")]
    [Arguments("$view.command('list', 'go', () => 1); return 'emitted';")]
    [Arguments("$view.command('list', 'go', Symbol('s')); return 'emitted';")]
    public async Task A_function_or_symbol_payload_crosses_as_null(string handler)
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("values");
        using (var created = await GuestPanels.CreateAsync(client, "p", handler))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }

        var result = await GuestPanels.TriggerAsync(client, "p");

        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success").Because(result.GetRawText());
        var sent = handler.StartsWith("$emit", StringComparison.Ordinal)
            ? result.GetProperty("events")[0].GetProperty("payload")
            : result.GetProperty("viewCommands")[0].GetProperty("params");
        await Assert.That(sent.GetRawText()).IsEqualTo("null");
    }
}
