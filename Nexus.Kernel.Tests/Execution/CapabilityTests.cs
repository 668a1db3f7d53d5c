using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>Capabilities are checked by the host; a violation is terminal even when the guest catches it.</summary>
public sealed class CapabilityTests
{
    private static readonly EngineHarness Harness = new();

    [Test]
    public async Task Undeclared_write_is_denied_even_inside_try_catch()
    {
        var callbacks = new TestCallbacks();
        var result = await Harness.RunAsync("""
            $state.allowed = 1;
            try { $state.secret = 1; } catch (e) { }
            $state.allowed = 2;
            return 'swallowed';
            """, capabilities: ["state:read:*", "state:write:allowed"], callbacks: callbacks);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.PermissionDenied);
        await Assert.That(result.Error.Message).Contains("state:write:secret");
        await Assert.That(callbacks.Commits.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Nested_change_to_a_read_only_key_is_denied_at_the_flush()
    {
        var result = await Harness.RunAsync("$state.items.push(1);", """{"items":[]}""", capabilities: ["state:read:*"]);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.PermissionDenied);
        await Assert.That(result.Error.Message).Contains("state:write:items");
    }

    [Test]
    public async Task Unreadable_key_is_not_passed_in_and_reading_it_is_denied()
    {
        var result = await Harness.RunAsync("return $state.secret;", """{"public":1,"secret":2}""", capabilities: ["state:read:public"]);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.PermissionDenied);
        await Assert.That(result.Error.Message).Contains("state:read:secret");
    }

    [Test]
    public async Task Readable_key_is_visible_with_a_narrow_capability()
    {
        var result = await Harness.RunAsync("return [$state.public, $state.has('public')];", """{"public":1,"secret":2}""", capabilities: ["state:read:public"]);

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("[1,true]");
    }

    [Test]
    public async Task Keys_needs_read_star()
    {
        var result = await Harness.RunAsync("try { return $state.keys(); } catch { return 'caught'; }", """{"a":1}""", capabilities: ["state:read:a"]);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.PermissionDenied);
        await Assert.That(result.Error.Message).Contains("state:read:*");
    }

    [Test]
    public async Task Empty_capability_list_grants_nothing()
    {
        string[] none = [];
        var pure = await Harness.RunAsync("return 1 + 1;", """{"a":1}""", capabilities: none);
        var read = await Harness.RunAsync("return $state.a;", """{"a":1}""", capabilities: none);
        var emit = await Harness.RunAsync("$emit('x', 1);", capabilities: none);
        var view = await Harness.RunAsync("$view.focus('a');", capabilities: none);

        await Assert.That(pure.ReturnValue!.Value.GetRawText()).IsEqualTo("2");
        await Assert.That(read.Error!.Code).IsEqualTo(ExecutionErrorCodes.PermissionDenied);
        await Assert.That(emit.Error!.Message).Contains("events:emit:x");
        await Assert.That(view.Error!.Message).Contains("view:update:a");
    }

    [Test]
    public async Task Extension_without_ext_capability_is_denied_even_if_caught()
    {
        var result = await Harness.RunAsync("try { await $ext.test.echo(1); } catch { } return 'caught';");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.PermissionDenied);
        await Assert.That(result.Error.Message).Contains("ext:test");
    }

    [Test]
    public async Task Denials_are_audited_in_the_log()
    {
        await using var harness = new EngineHarness();
        await harness.RunAsync("$emit('nope', 1);", capabilities: ["state:read:*"]);

        await Assert.That(harness.Logger.Entries.Any(e => e.EventId == 6003 && e.Message.Contains("events:emit:nope"))).IsTrue();
    }
}
