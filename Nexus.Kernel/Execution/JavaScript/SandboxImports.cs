using System.Security.Cryptography;
using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// The imports quickjs.wasm needs, defined once on a linker shared by every sandbox. WASI is stubbed: no files,
/// no stdio, no network; only a clock and randomness (for Math.random) are real. The guest reaches its host only
/// through <c>env.host_call</c>, routed to the <see cref="Sandbox"/> stored as the store's data.
/// </summary>
internal sealed class SandboxImports : IGuestImports
{
    private const int WasiSuccess = 0;
    private const int WasiBadFileDescriptor = 8;

    public static Linker Create(Engine engine)
    {
        var linker = new Linker(engine);
        linker.DefineFunction("env", "host_call", (Caller caller, int namePtr, int nameLen, int thisPtr, int argc, int argv) =>
            SandboxOf(caller).DispatchHostCall(argc, argv));
        linker.DefineFunction("env", "host_interrupt", (Caller caller) => SandboxOf(caller).PollInterrupt());
        // Rejections are observed through the handler's own promise; unhandled ones elsewhere are not an error.
        linker.DefineFunction("env", "host_promise_rejection", (int promise, int reason, int isHandled) => { });
        linker.DefineFunction("env", "host_get_timezone_offset", (int hi, int lo) => 0);
        linker.DefineFunction("env", "host_module_normalize", (int baseName, int name) => 0);
        linker.DefineFunction("env", "host_module_load", (int name, int outLen) => 0);

        linker.DefineFunction("wasi_snapshot_preview1", "clock_time_get", (Caller caller, int clockId, long precision, int resultPtr) =>
        {
            var nanos = clockId == 0
                ? (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L)
                : (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency));
            caller.GetMemory("memory")!.WriteInt64(resultPtr, nanos);
            return WasiSuccess;
        });
        linker.DefineFunction("wasi_snapshot_preview1", "random_get", (Caller caller, int bufPtr, int length) =>
        {
            RandomNumberGenerator.Fill(caller.GetMemory("memory")!.GetSpan(bufPtr, length));
            return WasiSuccess;
        });
        linker.DefineFunction("wasi_snapshot_preview1", "fd_close", (int fd) => WasiBadFileDescriptor);
        linker.DefineFunction("wasi_snapshot_preview1", "fd_fdstat_get", (int fd, int statPtr) => WasiBadFileDescriptor);
        linker.DefineFunction("wasi_snapshot_preview1", "fd_seek", (int fd, long offset, int whence, int resultPtr) => WasiBadFileDescriptor);
        linker.DefineFunction("wasi_snapshot_preview1", "fd_write", (int fd, int iovs, int iovsLen, int writtenPtr) => WasiBadFileDescriptor);
        return linker;
    }

    private static Sandbox SandboxOf(Caller caller) => (Sandbox)caller.GetData()!;
}
