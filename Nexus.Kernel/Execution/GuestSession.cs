using System.Diagnostics;
using System.Text.Json;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution.Sandboxing;
using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Execution;

/// <summary>
/// The host side of one execution: every guest→host crossing lands here, is counted, checked against the
/// capabilities and limits, and recorded into the current batch. The first terminal error wins and sticks: later
/// calls get the terminated sentinel and the interrupt fires, so guest try/catch cannot swallow it.
/// </summary>
internal sealed partial class GuestSession(
    ExecutionRequest request, KernelOptions options, ExtensionRegistry extensions, ExecutionStats stats,
    TimeProvider time, ILogger logger) : IGuestHost
{
    private readonly HashSet<string> _keysWritten = new(StringComparer.Ordinal);
    private readonly List<EmittedEvent> _events = [];
    private readonly List<ViewCommand> _viewCommands = [];
    private readonly List<PendingExtensionCall> _newCalls = [];
    private int _eventCount;
    private long _logBytes;
    private int _nextCallId;
    private long _cpuTicks;
    private long _sliceStart;
    private long _sliceDeadline;
    private bool _sliceHitWallDeadline;

    public ExecutionRequest Request => request;

    public int TimeoutMs => options.TimeoutMs;

    public ExecutionError? Terminal { get; private set; }

    public int HostCalls { get; private set; }

    public long CpuMicroseconds => _cpuTicks * 1_000_000 / Stopwatch.Frequency;

    /// <summary>Opens a stretch of guest CPU time, bounded by what is left of TIMEOUT_MS and the wall deadline.</summary>
    public void BeginSlice(long wallDeadlineTimestamp)
    {
        _sliceStart = Stopwatch.GetTimestamp();
        var cpuLeft = options.TimeoutMs * Stopwatch.Frequency / 1000 - _cpuTicks;
        var cpuDeadline = _sliceStart + Math.Max(0, cpuLeft);
        _sliceHitWallDeadline = wallDeadlineTimestamp < cpuDeadline;
        _sliceDeadline = Math.Min(cpuDeadline, wallDeadlineTimestamp);
    }

    public void EndSlice() => _cpuTicks += Stopwatch.GetTimestamp() - _sliceStart;

    /// <summary>Epoch ticks left in this slice before the Wasmtime backstop traps (well after the interrupt).</summary>
    public ulong BackstopEpochTicks()
    {
        var sliceMs = Math.Max(0, (_sliceDeadline - _sliceStart) * 1000 / Stopwatch.Frequency);
        return (ulong)(sliceMs / WasmRuntime.EpochTickMs) + BackstopGraceTicks;
    }

    private const ulong BackstopGraceTicks = 50;

    /// <summary>Epoch ticks until the slice's deadline (rounded up): the primary stop for raw wasm handlers,
    /// which have no interpreter to poll an interrupt.</summary>
    public ulong EpochTicksLeft()
    {
        var sliceMs = Math.Max(0, (_sliceDeadline - _sliceStart) * 1000 / Stopwatch.Frequency);
        return (ulong)((sliceMs + WasmRuntime.EpochTickMs - 1) / WasmRuntime.EpochTickMs) + 1;
    }

    public bool ShouldInterrupt()
    {
        if (Terminal is not null) return true;
        if (Stopwatch.GetTimestamp() <= _sliceDeadline) return false;
        Fail(_sliceHitWallDeadline ? GuestFailure.Deadline(options.ExecutionDeadlineMs) : GuestFailure.CpuTimeout(options.TimeoutMs));
        return true;
    }

    /// <summary>Records the first terminal error; later ones are consequences of it.</summary>
    public void Fail(ExecutionError error) => Terminal ??= error;

    public ExecutionBatch TakeBatch(IReadOnlyList<StateMutation> mutations)
    {
        var batch = new ExecutionBatch(mutations, [.. _events], [.. _viewCommands]);
        _events.Clear();
        _viewCommands.Clear();
        return batch;
    }

    public IReadOnlyList<PendingExtensionCall> TakeNewCalls()
    {
        var calls = _newCalls.ToArray();
        _newCalls.Clear();
        return calls;
    }

    public bool HasNewCalls => _newCalls.Count > 0;

    /// <summary>Checks one flushed mutation: nested changes are only found at a flush, so write rights and the
    /// MAX_STATE_MUTATIONS count are enforced here too.</summary>
    public bool AdmitMutation(string key)
    {
        if (!request.Capabilities.AllowsStateWrite(key))
        {
            Deny($"$state write of '{key}'", "state:write:" + key);
            return false;
        }
        return CountWrittenKey(key);
    }

    private bool CountWrittenKey(string key)
    {
        if (_keysWritten.Add(key) && _keysWritten.Count > options.MaxStateMutations)
        {
            Fail(GuestFailure.Limit("state keys changed", "MAX_STATE_MUTATIONS", options.MaxStateMutations));
            return false;
        }
        return true;
    }

    private void Deny(string operation, string capability)
    {
        ExecutionLog.PermissionDenied(logger, request.PanelId, request.Tool.Name, operation, capability);
        Fail(GuestFailure.Denied(operation, capability));
    }

    private static JsonElement ParseJson(string json) => GuestJson.Parse(json);

    private static string Rejection(string code, string message) => "!" + GuestJson.Error(code, message);
}
