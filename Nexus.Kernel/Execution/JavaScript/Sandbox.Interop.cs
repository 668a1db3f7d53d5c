using System.Text;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>Marshalling between .NET strings and guest values: everything crosses as UTF-8 JSON text.</summary>
internal sealed partial class Sandbox
{
    /// <summary>Returned to the guest when the host refuses to go on; the prelude turns it into a throw.</summary>
    public const string TerminatedSentinel = "\u0000terminated";

    /// <summary>Set when the host could not allocate guest memory: the execution ends with MEMORY_LIMIT.</summary>
    public bool OutOfMemory { get; private set; }

    internal int DispatchHostCall(int argc, int argvPtr)
    {
        string reply;
        try
        {
            var args = new string[argc];
            var malformed = -1;
            for (var i = 0; i < argc; i++)
            {
                if (!TryReadString(_api.Memory.ReadInt32(argvPtr + 4L * i), out args[i]) && malformed < 0) malformed = i;
            }
            reply = _host is null ? TerminatedSentinel
                : malformed >= 0 ? _host.OnMalformedText(argc > 0 ? args[0] : "", malformed)
                : _host.OnHostCall(args) ?? TerminatedSentinel;
        }
        catch (SandboxOutOfMemoryException)
        {
            reply = TerminatedSentinel;
        }
        return NewGuestString(reply);
    }

    /// <summary>Calls a prelude function with string arguments. Null when it threw (see <see cref="DescribePendingException"/>).</summary>
    public string? Invoke(int function, params ReadOnlySpan<string> args)
    {
        Span<int> values = stackalloc int[args.Length];
        for (var i = 0; i < args.Length; i++) values[i] = NewGuestString(args[i]);
        var result = CallRaw(function, values);
        foreach (var value in values) _api.FreeValue(value);
        return TakeString(result);
    }

    /// <summary>Calls a prelude function whose first argument is an existing guest value.</summary>
    public string? InvokeWithValue(int function, int value, string argument)
    {
        Span<int> values = [value, NewGuestString(argument)];
        var result = CallRaw(function, values);
        _api.FreeValue(values[1]);
        return TakeString(result);
    }

    /// <summary>Loads compiled bytecode; returns the guest value (the handler function), or 0 when it threw.</summary>
    public int LoadBytecode(byte[] bytecode)
    {
        var buffer = Allocate(bytecode.Length);
        bytecode.CopyTo(_api.Memory.GetSpan(buffer, bytecode.Length));
        var value = _api.EvalBytecode(buffer, bytecode.Length);
        _api.Free(buffer);
        if (_api.IsException(value) == 0) return value;
        _api.FreeValue(value);
        return 0;
    }

    /// <summary>Runs queued promise jobs until none is left. False when a job threw (an uncatchable interrupt).</summary>
    public bool DrainJobs()
    {
        while (_api.IsJobPending() != 0)
        {
            if (_api.ExecutePendingJob() < 0) return false;
        }
        return true;
    }

    /// <summary>The pending exception as the prelude's error JSON, read with the interrupt held off.</summary>
    public string DescribePendingException()
    {
        var exception = _api.GetException();
        _interruptSuppressed = true;
        try
        {
            // Describing an error takes a few allocations, and the interrupt is held off: when even that throws, the
            // heap is exhausted (QuickJS raises its out-of-memory error without the hook that tells the host).
            return InvokeWithValue(Entry.Describe, exception, "") ?? """{"m":"out of memory (the error could not be described)"}""";
        }
        finally
        {
            _interruptSuppressed = false;
            _api.FreeValue(exception);
        }
    }

    private int CallRaw(int function, ReadOnlySpan<int> values)
    {
        var argv = values.Length == 0 ? 0 : Allocate(4 * values.Length);
        for (var i = 0; i < values.Length; i++) _api.Memory.WriteInt32(argv + 4L * i, values[i]);
        var result = _api.Call(function, Entry.Undefined, values.Length, argv);
        if (argv != 0) _api.Free(argv);
        return result;
    }

    private string? TakeString(int value)
    {
        try
        {
            if (_api.IsException(value) != 0) return null;
            // The prelude's envelopes are JSON.stringify output, which escapes lone surrogates; what they carry is
            // checked where it is parsed (GuestJson), so a lenient decode loses nothing here.
            return _api.IsString(value) != 0 ? ReadLenient(value) : "";
        }
        finally
        {
            _api.FreeValue(value);
        }
    }

    private string ReadLenient(int value)
    {
        var chars = _api.GetStringLen(value, Entry.Scratch);
        if (chars == 0) return "";
        var text = Encoding.UTF8.GetString(_api.Memory.GetSpan(chars, _api.Memory.ReadInt32(Entry.Scratch)));
        _api.FreeCString(chars);
        return text;
    }

    private bool TryReadString(int value, out string text)
    {
        text = "";
        var chars = _api.GetStringLen(value, Entry.Scratch);
        if (chars == 0) return true;
        var length = _api.Memory.ReadInt32(Entry.Scratch);
        var wellFormed = GuestText.TryDecode(_api.Memory.GetSpan(chars, length), out text);
        _api.FreeCString(chars);
        return wellFormed;
    }

    private int NewGuestString(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = Allocate(length + 1);
        var span = _api.Memory.GetSpan(buffer, length + 1);
        Encoding.UTF8.GetBytes(text, span);
        span[length] = 0;
        var value = _api.NewString(buffer, length);
        _api.Free(buffer);
        return value;
    }

    private int Allocate(int bytes)
    {
        var pointer = _api.Malloc(bytes);
        if (pointer != 0) return pointer;
        OutOfMemory = true;
        throw new SandboxOutOfMemoryException();
    }
}

/// <summary>The guest allocator is exhausted (the memory limit was reached while the host marshalled data).</summary>
internal sealed class SandboxOutOfMemoryException() : Exception("guest memory exhausted");
