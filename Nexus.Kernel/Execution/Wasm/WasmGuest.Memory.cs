using System.Text.Json;
using System.Text;
using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.Wasm;

/// <summary>Moving UTF-8 text between the host and guest memory, with every pointer checked against the memory.</summary>
internal sealed partial class WasmGuest
{
    private string ReadText(Caller caller, int pointer, int length, string function)
    {
        var memory = caller.GetMemory(WasmAbi.MemoryExport);
        if (memory is null || !InBounds(memory, pointer, length)) throw Abort($"nexus.{function}: pointer/length out of bounds");
        try
        {
            return new UTF8Encoding(false, true).GetString(memory.GetSpan(pointer, length));
        }
        catch (DecoderFallbackException)
        {
            throw Abort($"nexus.{function}: text is not valid UTF-8");
        }
    }

    private JsonElement ReadJson(Caller caller, int pointer, int length, string function)
    {
        var text = ReadText(caller, pointer, length, function);
        try
        {
            return GuestJson.Parse(text, $"the value passed to nexus.{function}");
        }
        catch (MalformedGuestTextException malformed)
        {
            throw Abort(malformed.Message);
        }
        catch (GuestValueTooDeepException deep)
        {
            session.Fail(GuestFailure.TooDeep(deep));
            throw new WasmHostAbort();
        }
        catch (JsonException)
        {
            throw Abort($"nexus.{function}: value is not valid JSON");
        }
    }

    /// <summary>Copies <paramref name="text"/> into memory from the guest's own <c>alloc</c>; returns the packed ptr/len.</summary>
    private long WriteToGuest(Caller caller, string text, string function)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var alloc = caller.GetFunction(WasmAbi.AllocExport) ?? throw Abort($"nexus.{function}: the module exports no '{WasmAbi.AllocExport}'");
        var pointer = alloc.Invoke(bytes.Length) is int value ? value : 0;
        var memory = caller.GetMemory(WasmAbi.MemoryExport);
        if (pointer == 0 || memory is null || !InBounds(memory, pointer, bytes.Length))
        {
            throw Abort($"nexus.{function}: alloc({bytes.Length}) returned no usable memory");
        }
        bytes.CopyTo(memory.GetSpan(pointer, bytes.Length));
        return WasmAbi.Pack(pointer, bytes.Length);
    }

    internal static bool InBounds(Memory memory, int pointer, int length) =>
        pointer >= 0 && length >= 0 && (long)pointer + length <= memory.GetLength();

    private WasmHostAbort Abort(string message)
    {
        session.Fail(new ExecutionError(ExecutionErrorCodes.ExecutionError, message));
        return new WasmHostAbort();
    }
}
