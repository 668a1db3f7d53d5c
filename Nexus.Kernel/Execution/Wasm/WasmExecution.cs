using System.Text;
using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.Wasm;

/// <summary>
/// One wasm handler execution, start to end, on a worker thread: a fresh store and instance (pristine by
/// construction, ~10 µs), the memory limit as store limits, TIMEOUT_MS as the epoch deadline, the input written
/// through the guest's <c>alloc</c>, the handler called once, its JSON result read back. Wasm handlers cannot
/// await, so there is one batch, flushed by the caller at the end. The store is disposed whatever happened, so a
/// trapped instance is never reused.
/// </summary>
internal sealed partial class WasmExecution(WasmEngine engine, GuestSession session, long wallDeadlineTimestamp, int memoryLimitMb)
{
    public long MemoryBytes { get; private set; }

    public GuestStep Run(WasmCompiledTool tool, string inputJson)
    {
        var guest = new WasmGuest(session);
        using var store = new Store(engine.Engine, guest);
        store.SetLimits(memorySize: memoryLimitMb * 1024L * 1024L, tableElements: 100_000, instances: 1, tables: 1, memories: 1);
        session.BeginSlice(wallDeadlineTimestamp);
        if (engine.Mode == InterruptMode.Epoch) store.SetEpochDeadline(session.EpochTicksLeft());
        if (engine.Mode == InterruptMode.Fuel) store.Fuel = ulong.MaxValue / 2;
        Memory? memory = null;
        try
        {
            Instance instance;
            try
            {
                instance = engine.Instantiate<WasmHandlerImports>(store, tool.Module);
            }
            catch (WasmtimeException failure) when (failure is not TrapException)
            {
                return new GuestFailed(InstantiationFailure(failure));
            }
            memory = instance.GetMemory(WasmAbi.MemoryExport)!;
            var input = Encoding.UTF8.GetBytes(inputJson);
            var pointer = instance.GetFunction(WasmAbi.AllocExport)!.Invoke(input.Length) is int p ? p : 0;
            if (pointer == 0 || !WasmGuest.InBounds(memory, pointer, input.Length))
            {
                return new GuestFailed(GuestFailure.Memory(memoryLimitMb));
            }
            input.CopyTo(memory.GetSpan(pointer, input.Length));
            var packed = instance.GetFunction(tool.Export)!.Invoke(pointer, input.Length) is long r ? r : 0;
            return Complete(guest, memory, packed);
        }
        catch (WasmtimeException trap)
        {
            return new GuestFailed(session.Terminal ?? FromTrap(trap));
        }
        finally
        {
            session.EndSlice();
            MemoryBytes = memory?.GetLength() ?? 0;
        }
    }

    private GuestStep Complete(WasmGuest guest, Memory memory, long packed)
    {
        if (session.Terminal is { } terminal) return new GuestFailed(terminal);
        System.Text.Json.JsonElement? value = null;
        if (packed != 0)
        {
            var (pointer, length) = WasmAbi.Unpack(packed);
            if (!WasmGuest.InBounds(memory, pointer, length))
            {
                return new GuestFailed(new ExecutionError(ExecutionErrorCodes.ExecutionError, "handler result pointer/length out of bounds"));
            }
            try
            {
                value = GuestJson.Parse(new UTF8Encoding(false, true).GetString(memory.GetSpan(pointer, length)), "the return value");
            }
            catch (MalformedGuestTextException malformed)
            {
                return new GuestFailed(GuestFailure.MalformedText(malformed));
            }
            catch (GuestValueTooDeepException deep)
            {
                return new GuestFailed(GuestFailure.TooDeep(deep));
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or DecoderFallbackException)
            {
                return new GuestFailed(new ExecutionError(ExecutionErrorCodes.ExecutionError, "handler result is not valid UTF-8 JSON"));
            }
        }
        return guest.TakeMutations() is { } mutations ? new GuestCompleted(value, mutations) : new GuestFailed(session.Terminal!);
    }

    private ExecutionError InstantiationFailure(WasmtimeException failure)
    {
        var reason = LastLine(failure.Message);
        return reason.Contains("memory", StringComparison.OrdinalIgnoreCase) && reason.Contains("limit", StringComparison.OrdinalIgnoreCase)
            ? GuestFailure.Memory(memoryLimitMb)
            : new ExecutionError(ExecutionErrorCodes.ExecutionError, "instantiation failed: " + reason);
    }

    /// <summary>A trap is the guest's own fault (unlike a QuickJS trap): EXECUTION_ERROR with Wasmtime's reason.</summary>
    private ExecutionError FromTrap(WasmtimeException trap)
    {
        var text = trap.Message;
        if (text.Contains("call stack exhausted", StringComparison.Ordinal)) return GuestFailure.StackDepth();
        if (text.Contains("wasm trap: interrupt", StringComparison.Ordinal)) return GuestFailure.CpuTimeout(session.TimeoutMs);
        return new ExecutionError(ExecutionErrorCodes.ExecutionError, LastLine(text));
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "trap";
}
