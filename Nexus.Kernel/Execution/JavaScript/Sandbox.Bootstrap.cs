using System.Text;
using Wasmtime;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>Creating the snapshot (once per process) and compiling handler source to bytecode.</summary>
internal sealed partial class Sandbox
{
    private const string HostFunctionName = "h";

    /// <summary>Starts QuickJS from scratch, evaluates the prelude and captures the result as a snapshot.</summary>
    public static SandboxSnapshot CreateSnapshot(QuickJsRuntime runtime, string prelude)
    {
        using var sandbox = new Sandbox(runtime, memoryLimitBytes: null);
        var api = sandbox._api;
        api.Initialize();
        if (api.Init() != 0) throw new InvalidOperationException("qjs_init failed");

        var scratch = api.Malloc(16);
        var hostFunction = api.NewHostFunction(sandbox.NewCString(HostFunctionName, out var nameLength), nameLength, 0);
        api.SetPropString(api.GetGlobal(), sandbox.NewCString("__nexus_host", out _), hostFunction);

        var code = sandbox.NewCString(prelude, out var codeLength);
        var exports = api.Eval(code, codeLength, sandbox.NewCString("prelude", out _), 0);
        if (api.IsException(exports) != 0) throw new InvalidOperationException("the guest prelude failed to evaluate");

        int Export(string name) => api.GetPropString(exports, sandbox.NewCString(name, out _));
        var entry = new PreludeEntryPoints(Export("start"), Export("step"), Export("settle"), Export("describe"),
            api.GetUndefined(), scratch);
        api.SetInterruptHandler(1);
        api.RunGc();
        ReserveHeapHeadroom(api);

        return SandboxSnapshot.Capture(api.Memory.GetSpan(0, (int)api.Memory.GetLength()), (int)api.StackPointer.GetValue()!,
            api.GetRuntimePtr(), api.GetContextPtr(), entry);
    }

    /// <summary>
    /// Grows the allocator's free top chunk before the capture. A sandbox whose memory grew past the snapshot must
    /// be discarded (wasm memory cannot shrink), and without headroom a handler building ~1000 small objects
    /// already grows it. The headroom stays below dlmalloc's 2 MiB trim threshold, and each MiB costs about
    /// 25 µs of page comparison per reset.
    /// </summary>
    private static void ReserveHeapHeadroom(QuickJsApi api)
    {
        var block = api.Malloc(HeapHeadroomBytes);
        if (block == 0) throw new InvalidOperationException("could not reserve heap headroom for the snapshot");
        api.Free(block);
    }

    public const int HeapHeadroomBytes = 1536 * 1024;

    /// <summary>Compiles a script to bytecode. On a syntax error returns null and the prelude's error JSON.</summary>
    public byte[]? Compile(string source, string fileName, out string? errorJson)
    {
        var code = NewCString(source, out var length);
        var name = NewCString(fileName, out _);
        int buffer;
        try
        {
            buffer = _api.Compile(code, length, name, 0, 0, Entry.Scratch);
        }
        catch (WasmtimeException trap)
        {
            // Deeply nested source exhausts the parser's call stack: a fault of the source, not of the kernel.
            // The VM stopped mid-parse, so it is not reused.
            MarkBroken();
            errorJson = CompileTrap.Describe(trap);
            return null;
        }
        _api.Free(code);
        _api.Free(name);
        if (buffer == 0)
        {
            errorJson = DescribePendingException();
            return null;
        }
        var size = _api.Memory.ReadInt32(Entry.Scratch);
        var bytecode = _api.Memory.GetSpan(buffer, size).ToArray();
        _api.Free(buffer);
        errorJson = null;
        return bytecode;
    }

    private int NewCString(string text, out int length)
    {
        length = Encoding.UTF8.GetByteCount(text);
        var buffer = Allocate(length + 1);
        var span = _api.Memory.GetSpan(buffer, length + 1);
        Encoding.UTF8.GetBytes(text, span);
        span[length] = 0;
        return buffer;
    }
}
