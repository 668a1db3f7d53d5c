using System.Globalization;
using System.Text.Json;
using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.Wasm;

/// <summary>
/// The host side of one wasm execution (the store's data). Every crossing goes through the engine's
/// <see cref="GuestSession"/>, which counts it and checks capabilities and limits exactly as for JavaScript; this
/// class only moves bytes and keeps the execution's view of the state (its own writes over the panel's state).
/// A terminal error (denial, limit, bad pointer) is recorded first, then the call traps, so the guest cannot go on.
/// </summary>
internal sealed partial class WasmGuest(GuestSession session)
{
    private readonly Dictionary<string, JsonElement?> _written = new(StringComparer.Ordinal);
    private readonly List<string> _writeOrder = [];

    public long StateGet(Caller caller, int keyPtr, int keyLen)
    {
        var key = ReadText(caller, keyPtr, keyLen, "state_get");
        Cross("r", key);
        JsonElement? value = _written.TryGetValue(key, out var own) ? own
            : session.Request.State.TryGetValue(key, out var stored) ? stored : null;
        return value is { } found ? WriteToGuest(caller, found.GetRawText(), "state_get") : 0;
    }

    public int StateSet(Caller caller, int keyPtr, int keyLen, int valuePtr, int valueLen)
    {
        var key = ReadText(caller, keyPtr, keyLen, "state_set");
        var value = ReadJson(caller, valuePtr, valueLen, "state_set");
        Cross("w", key);
        Record(key, value);
        return 0;
    }

    public int StateDelete(Caller caller, int keyPtr, int keyLen)
    {
        var key = ReadText(caller, keyPtr, keyLen, "state_delete");
        Cross("w", key);
        Record(key, null);
        return 0;
    }

    public int Emit(Caller caller, int namePtr, int nameLen, int payloadPtr, int payloadLen)
    {
        var name = ReadText(caller, namePtr, nameLen, "emit");
        var payload = ReadJson(caller, payloadPtr, payloadLen, "emit");
        Cross("e", name, payload.GetRawText());
        return 0;
    }

    public int View(Caller caller, int idPtr, int idLen, int commandPtr, int commandLen, int paramsPtr, int paramsLen)
    {
        var id = ReadText(caller, idPtr, idLen, "view");
        var command = ReadText(caller, commandPtr, commandLen, "view");
        var parameters = paramsLen == 0 ? "{}" : ReadJson(caller, paramsPtr, paramsLen, "view").GetRawText();
        Cross("v", id, command, parameters);
        return 0;
    }

    public int Log(Caller caller, int level, int messagePtr, int messageLen)
    {
        Cross("l", WasmAbi.LogLevel(level), ReadText(caller, messagePtr, messageLen, "log"));
        return 0;
    }

    public long Now() => long.Parse(Cross("t"), CultureInfo.InvariantCulture);

    /// <summary>The execution's changes, one per key (its final value), in the order keys were first changed.
    /// Each is admitted again by the session (write rights, MAX_STATE_MUTATIONS) as at a JavaScript flush.</summary>
    public IReadOnlyList<StateMutation>? TakeMutations()
    {
        var mutations = new List<StateMutation>(_writeOrder.Count);
        foreach (var key in _writeOrder)
        {
            if (!session.AdmitMutation(key)) return null;
            mutations.Add(_written[key] is { } value ? StateMutation.Set(key, value) : StateMutation.Delete(key));
        }
        return mutations;
    }

    private void Record(string key, JsonElement? value)
    {
        if (!_written.ContainsKey(key)) _writeOrder.Add(key);
        _written[key] = value;
    }

    /// <summary>One counted, checked crossing; traps when the session has ended the execution.</summary>
    private string Cross(params ReadOnlySpan<string> args)
    {
        var reply = session.OnHostCall(args);
        if (session.Terminal is not null) throw new WasmHostAbort();
        return reply;
    }
}

/// <summary>Thrown from a host function to trap the guest after the session recorded a terminal error.</summary>
internal sealed class WasmHostAbort() : Exception("execution ended by the host");
