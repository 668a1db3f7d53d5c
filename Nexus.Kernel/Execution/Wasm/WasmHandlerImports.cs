using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.Wasm;

/// <summary>
/// The <c>nexus</c> host functions of docs/wasm-abi.md, defined once on a linker shared by every wasm handler.
/// Each routes to the <see cref="WasmGuest"/> stored as the store's data. Single results only: typed callbacks
/// returning tuples fail under Native AOT.
/// </summary>
internal sealed class WasmHandlerImports : IGuestImports
{
    public static Linker Create(Engine engine)
    {
        var linker = new Linker(engine);
        const string nexus = WasmAbi.ImportModule;
        linker.DefineFunction(nexus, "state_get", (Caller caller, int keyPtr, int keyLen) =>
            GuestOf(caller).StateGet(caller, keyPtr, keyLen));
        linker.DefineFunction(nexus, "state_set", (Caller caller, int keyPtr, int keyLen, int valuePtr, int valueLen) =>
            GuestOf(caller).StateSet(caller, keyPtr, keyLen, valuePtr, valueLen));
        linker.DefineFunction(nexus, "state_delete", (Caller caller, int keyPtr, int keyLen) =>
            GuestOf(caller).StateDelete(caller, keyPtr, keyLen));
        linker.DefineFunction(nexus, "emit", (Caller caller, int namePtr, int nameLen, int payloadPtr, int payloadLen) =>
            GuestOf(caller).Emit(caller, namePtr, nameLen, payloadPtr, payloadLen));
        linker.DefineFunction(nexus, "view", (Caller caller, int idPtr, int idLen, int commandPtr, int commandLen, int paramsPtr, int paramsLen) =>
            GuestOf(caller).View(caller, idPtr, idLen, commandPtr, commandLen, paramsPtr, paramsLen));
        linker.DefineFunction(nexus, "log", (Caller caller, int level, int messagePtr, int messageLen) =>
            GuestOf(caller).Log(caller, level, messagePtr, messageLen));
        linker.DefineFunction(nexus, "now", (Caller caller) => GuestOf(caller).Now());
        return linker;
    }

    private static WasmGuest GuestOf(Caller caller) => (WasmGuest)caller.GetData()!;
}
