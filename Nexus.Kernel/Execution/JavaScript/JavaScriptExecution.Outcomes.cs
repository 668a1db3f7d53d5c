using System.Text.Json;
using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>Reading the guest's state after a slice: poll the handler's promise, flush the batch, classify errors.</summary>
internal sealed partial class JavaScriptExecution
{
    private GuestStep Advance(Sandbox sandbox)
    {
        try
        {
            return AdvanceChecked(sandbox);
        }
        catch (MalformedGuestTextException malformed)
        {
            return new GuestFailed(GuestFailure.MalformedText(malformed));
        }
        catch (GuestValueTooDeepException deep)
        {
            return new GuestFailed(GuestFailure.TooDeep(deep));
        }
    }

    private GuestStep AdvanceChecked(Sandbox sandbox)
    {
        if (!sandbox.DrainJobs()) return FromPendingException(sandbox);
        if (session.Terminal is { } terminal) return new GuestFailed(terminal);
        // One crossing reads the outcome and the batch (the prelude's step: poll and flush together).
        if (sandbox.Invoke(sandbox.Entry.Step) is not { } stepJson) return FromPendingException(sandbox);

        using var step = JsonDocument.Parse(stepJson);
        var root = step.RootElement;
        switch (root.GetProperty("s").GetString())
        {
            case "p" when !session.HasNewCalls && Outstanding == 0:
                return new GuestFailed(new ExecutionError(ExecutionErrorCodes.ExecutionError,
                    "handler awaits a promise that can never settle (only $ext calls complete outside the sandbox)"));
            case "p":
                return ReadBatch(root.GetProperty("b"), out var pending) is { } failed ? failed : new GuestSuspended(pending);
            case "d":
                JsonElement? value = root.TryGetProperty("v", out var text) ? GuestJson.Parse(text.GetString()!, "the return value") : null;
                return ReadBatch(root.GetProperty("b"), out var final) is { } error ? error : new GuestCompleted(value, final);
            default:
                return new GuestFailed(Classify(root.GetProperty("e"), sandbox));
        }
    }

    private GuestFailed? ReadBatch(JsonElement batch, out IReadOnlyList<StateMutation> mutations)
    {
        mutations = [];
        if (batch.TryGetProperty("e", out var problem))
        {
            return new GuestFailed(new ExecutionError(ExecutionErrorCodes.ExecutionError, problem.GetString()!));
        }
        var list = new List<StateMutation>();
        foreach (var item in batch.GetProperty("m").EnumerateArray())
        {
            var key = GuestText.ReadString(item[1], "a state key");
            if (!session.AdmitMutation(key)) return new GuestFailed(session.Terminal!);
            list.Add(item[0].GetString() == "s"
                ? StateMutation.Set(key, GuestJson.Parse(item[2].GetString()!, $"state key '{key}'"))
                : StateMutation.Delete(key));
        }
        mutations = list;
        return null;
    }

    private GuestFailed FromPendingException(Sandbox sandbox)
    {
        if (session.Terminal is { } terminal) return new GuestFailed(terminal);
        using var description = JsonDocument.Parse(sandbox.DescribePendingException());
        return new GuestFailed(Classify(description.RootElement, sandbox));
    }

    private ExecutionError Classify(JsonElement error, Sandbox sandbox)
    {
        if (session.Terminal is { } terminal) return terminal;
        if (sandbox.OutOfMemory) return GuestFailure.Memory(memoryLimitMb);
        var message = error.TryGetProperty("m", out var m) ? GuestText.ReadForDiagnostics(m) : "";
        var code = error.TryGetProperty("c", out var c) ? c.GetString() : null;
        ErrorLocation? location = error.TryGetProperty("l", out var line) && error.TryGetProperty("col", out var column)
            ? new ErrorLocation(Math.Max(1, line.GetInt32()), column.GetInt32())
            : null;
        if (code is not null) return new ExecutionError(code, message, location);
        if (message.Contains("out of memory", StringComparison.Ordinal)) return GuestFailure.Memory(memoryLimitMb);
        if (message.Contains("stack overflow", StringComparison.OrdinalIgnoreCase)
            || message.Contains("call stack size", StringComparison.Ordinal))
        {
            return GuestFailure.StackDepth();
        }
        return new ExecutionError(ExecutionErrorCodes.ExecutionError, message, location);
    }

    private ExecutionError FromTrap(WasmtimeException trap, Sandbox sandbox)
    {
        var text = trap.Message;
        if (text.Contains("call stack exhausted", StringComparison.Ordinal)) return GuestFailure.StackDepth();
        if (text.Contains("wasm trap: interrupt", StringComparison.Ordinal)) return GuestFailure.CpuTimeout(session.TimeoutMs);
        if (sandbox.OutOfMemory) return GuestFailure.Memory(memoryLimitMb);
        var reason = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "trap";
        return GuestFailure.Internal("sandbox trapped: " + reason);
    }
}
