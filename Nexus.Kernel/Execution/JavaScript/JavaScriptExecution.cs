using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// The worker-side half of one execution: runs slices of guest code in a sandbox rented for the whole execution
/// (it stays parked, not on a worker, while extension calls run) and returns the sandbox when the guest is done.
/// Every method runs on a worker thread, one at a time.
/// </summary>
internal sealed partial class JavaScriptExecution(GuestSession session, SandboxPool pool, long wallDeadlineTimestamp, int memoryLimitMb)
{
    private Sandbox? _sandbox;
    private Sandbox? _finished;

    /// <summary>Extension calls started in earlier slices and not yet settled (kept by the async side).</summary>
    public int Outstanding { get; set; }

    public bool HoldsSandbox => _sandbox is not null;

    public long MemoryUsedBytes { get; private set; }

    public long MemoryPeakBytes { get; private set; }

    public GuestStep Start(JavaScriptCompiledTool tool, string inputJson)
    {
        _sandbox = pool.Rent();
        return Slice(sandbox =>
        {
            var handler = sandbox.LoadBytecode(tool.Bytecode);
            if (handler == 0) return FromPendingException(sandbox);
            if (sandbox.InvokeWithValue(sandbox.Entry.Start, handler, inputJson) is null) return FromPendingException(sandbox);
            return Advance(sandbox);
        });
    }

    public GuestStep Resume(IReadOnlyList<ExtensionOutcome> outcomes) => Slice(sandbox =>
    {
        foreach (var outcome in outcomes)
        {
            var settled = sandbox.Invoke(sandbox.Entry.Settle, outcome.Id, outcome.Succeeded ? "1" : "0", outcome.PayloadJson);
            if (settled is null) return FromPendingException(sandbox);
        }
        return Advance(sandbox);
    });

    /// <summary>Ends a parked execution (deadline, rejected batch, cancellation): its sandbox holds pending promises.</summary>
    public bool Abandon()
    {
        if (_sandbox is not { } sandbox) return false;
        sandbox.MarkBroken();
        Release(sandbox);
        return true;
    }

    private GuestStep Slice(Func<Sandbox, GuestStep> body)
    {
        var sandbox = _sandbox ?? throw new InvalidOperationException("the execution has no sandbox");
        session.BeginSlice(wallDeadlineTimestamp);
        sandbox.SetEpochDeadline(session.BackstopEpochTicks());
        sandbox.Attach(session);
        GuestStep step;
        try
        {
            step = body(sandbox);
        }
        catch (WasmtimeException trap)
        {
            sandbox.MarkBroken();
            step = new GuestFailed(session.Terminal ?? FromTrap(trap, sandbox));
        }
        catch (SandboxOutOfMemoryException)
        {
            sandbox.MarkBroken();
            step = new GuestFailed(session.Terminal ?? GuestFailure.Memory(memoryLimitMb));
        }
        finally
        {
            session.EndSlice();
            sandbox.Detach();
        }
        // The host itself could not allocate in the guest: whatever the guest made of it, the heap is exhausted.
        if (sandbox.OutOfMemory && step is not GuestFailed { Error.Code: ExecutionErrorCodes.MemoryLimit })
        {
            sandbox.MarkBroken();
            step = new GuestFailed(GuestFailure.Memory(memoryLimitMb));
        }
        if (step is GuestSuspended) return step;
        // Limits, denials and traps leave a VM we do not trust; ordinary guest errors do not.
        if (step is GuestFailed { Error.Code: not (ExecutionErrorCodes.ExecutionError or ExecutionErrorCodes.ExtensionError
            or ExecutionErrorCodes.ExtensionNotFound or ExecutionErrorCodes.MethodNotFound) })
        {
            sandbox.MarkBroken();
        }
        RecordMemory(sandbox);
        _sandbox = null;
        _finished = sandbox;
        return step;
    }

    /// <summary>Resets (or discards) the sandbox of a finished execution. Runs on the worker right after the result
    /// has been handed over, so the reset is off the caller's critical path.</summary>
    public void ReturnFinishedSandbox()
    {
        if (_finished is not { } sandbox) return;
        _finished = null;
        pool.Return(sandbox);
    }

    private void Release(Sandbox sandbox)
    {
        RecordMemory(sandbox);
        _sandbox = null;
        pool.Return(sandbox);
    }

    private void RecordMemory(Sandbox sandbox)
    {
        MemoryPeakBytes = sandbox.MemoryBytes;
        if (!sandbox.Broken) MemoryUsedBytes = sandbox.HeapBytes;
    }
}
