using System.Globalization;
using System.Text;
using Nexus.Kernel.Execution.JavaScript;

namespace Nexus.Kernel.Execution.Host;

/// <summary>The guest→host functions (see prelude.js for the calling side).</summary>
internal sealed partial class GuestSession
{
    private const string Ok = "";

    public string OnMalformedText(string function, int index)
    {
        if (Terminal is null) Fail(GuestFailure.MalformedText(HostCallArgument(function, index)));
        return Sandbox.TerminatedSentinel;
    }

    public string OnHostCall(ReadOnlySpan<string> args)
    {
        if (Terminal is not null || args.Length == 0) return Sandbox.TerminatedSentinel;
        if (args[0] == "o")
        {
            // Not counted: the guest's heap is exhausted; nothing it does after this may count.
            Fail(GuestFailure.Memory(options.MemoryLimitMb));
            return Sandbox.TerminatedSentinel;
        }
        // `g` (JavaScript's lazy state): a stored key's value is part of the execution's input, fetched on first use
        // instead of sent whole, so it is not counted; what is left is `r`'s read check (raw wasm reads with `r`).
        if (args[0] == "g" && args.Length is 2 or 3 && TryServeStoredValue(args[1], probe: args.Length == 3) is { } stored)
        {
            return stored;
        }
        if (++HostCalls > options.MaxHostCalls)
        {
            Fail(GuestFailure.Limit("host calls", "MAX_HOST_CALLS", options.MaxHostCalls));
            return Sandbox.TerminatedSentinel;
        }
        var reply = args[0] switch
        {
            "r" or "g" when args.Length == 2 => ReadKey(args[1]),
            "w" when args.Length == 2 => WriteKey(args[1]),
            "k" => ListKeys(),
            "e" when args.Length == 3 => Emit(args[1], args[2]),
            "v" when args.Length == 4 => View(args[1], args[2], args[3]),
            "l" when args.Length == 3 => GuestLog(args[1], args[2]),
            "t" => Now(),
            "x" when args.Length == 4 => StartExtensionCall(args[1], args[2], args[3]),
            _ => Unknown(args[0]),
        };
        return Terminal is null ? reply : Sandbox.TerminatedSentinel;
    }

    /// <summary>
    /// The value of a readable stored key, the unreadable marker for a probe of a key the guest may not read, or
    /// null for what stays a counted call: a read of a key the state does not hold, or a denied read (as before
    /// state was lazy, when every readable key came with the input and only these reached the host).
    /// </summary>
    private string? TryServeStoredValue(string key, bool probe)
    {
        if (!request.Capabilities.AllowsStateRead(key)) return probe ? UnreadableKey : null;
        return request.State.TryGetValue(key, out var value) ? value.GetRawText() : probe ? Ok : null;
    }

    /// <summary>Tells a probing guest that it may write the key but not read it (prelude.js, <c>resolve</c>).</summary>
    private const string UnreadableKey = "\u0001";

    private string ReadKey(string key)
    {
        stats.RecordHostCall("state.read");
        if (!request.Capabilities.AllowsStateRead(key)) Deny($"$state read of '{key}'", "state:read:" + key);
        return Ok;
    }

    private string WriteKey(string key)
    {
        stats.RecordHostCall("state.write");
        if (!request.Capabilities.AllowsStateWrite(key)) Deny($"$state write of '{key}'", "state:write:" + key);
        else CountWrittenKey(key);
        return Ok;
    }

    /// <summary>The stored keys as a JSON array (the guest merges in what it changed since).</summary>
    private string ListKeys()
    {
        stats.RecordHostCall("state.keys");
        if (!request.Capabilities.AllowsAllKeys)
        {
            Deny("$state.keys()", "state:read:*");
            return Ok;
        }
        return GuestJson.Keys(request.State.Keys);
    }

    private string Emit(string name, string payloadJson)
    {
        stats.RecordHostCall("emit");
        if (!request.Capabilities.AllowsEmit(name)) Deny($"$emit('{name}')", "events:emit:" + name);
        else if (++_eventCount > options.MaxEvents) Fail(GuestFailure.Limit("events", "MAX_EVENTS", options.MaxEvents));
        else if (ParseJson(payloadJson, $"the payload of event '{name}'") is { } payload)
        {
            _events.Add(new EmittedEvent(name, payload, time.GetUtcNow().ToUnixTimeMilliseconds()));
        }
        return Ok;
    }

    private string View(string viewId, string command, string paramsJson)
    {
        stats.RecordHostCall("view");
        if (!request.Capabilities.AllowsView(viewId)) Deny($"$view.{command}('{viewId}')", "view:update:" + viewId);
        else if (ParseJson(paramsJson, $"the params of view command '{command}'") is { } parameters)
        {
            _viewCommands.Add(new ViewCommand(viewId, command, parameters));
        }
        return Ok;
    }

    private string GuestLog(string level, string message)
    {
        stats.RecordHostCall("log");
        _logBytes += Encoding.UTF8.GetByteCount(message);
        if (_logBytes > options.MaxLogBytes)
        {
            Fail(GuestFailure.Limit("log output (bytes)", "MAX_LOG_BYTES", options.MaxLogBytes));
            return Ok;
        }
        var (panel, tool) = (request.PanelId, request.ToolName);
        switch (level)
        {
            case "debug": Log.GuestDebug(logger, panel, tool, message); break;
            case "warn": Log.GuestWarn(logger, panel, tool, message); break;
            case "error": Log.GuestError(logger, panel, tool, message); break;
            default: Log.GuestInfo(logger, panel, tool, message); break;
        }
        return Ok;
    }

    private string Now()
    {
        stats.RecordHostCall("time");
        return time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    }

    private string StartExtensionCall(string name, string method, string argsJson)
    {
        stats.RecordHostCall("ext");
        var operation = $"$ext.{name}.{method}()";
        if (!request.Capabilities.AllowsExtension(name))
        {
            Deny(operation, "ext:" + name);
            return Ok;
        }
        var extension = extensions.Find(name);
        if (extension is null) return Rejection(ExecutionErrorCodes.ExtensionNotFound, $"extension '{name}' does not exist");
        if (!extension.Methods.Contains(method))
        {
            return Rejection(ExecutionErrorCodes.MethodNotFound, $"extension '{name}' has no method '{method}'");
        }
        if (ParseJson(argsJson, $"the arguments of {operation}") is not { } arguments) return Ok;
        var id = "c" + (++_nextCallId).ToString(CultureInfo.InvariantCulture);
        _newCalls.Add(new PendingExtensionCall(id, extension, method, arguments));
        return id;
    }

    private static string HostCallArgument(string function, int index) => (function, index) switch
    {
        ("r" or "g" or "w", _) => "a state key",
        ("e", 1) => "an event name",
        ("v", 1) => "a view id",
        ("v", _) => "a view command",
        ("l", _) => "a log message",
        ("x", _) => "an extension or method name",
        _ => "an argument of a host call",
    };

    private string Unknown(string function)
    {
        Fail(GuestFailure.Internal($"unknown host function '{function}'"));
        return Ok;
    }
}
