using System.Diagnostics;
using System.Text.Json;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Execution.Host;

/// <summary>
/// The host side of one execution: every guest→host crossing lands here, is counted, checked against the
/// capabilities and limits, and recorded into the current batch. The first terminal error wins and sticks: later
/// calls get the terminated sentinel and the interrupt fires, so guest try/catch cannot swallow it.
/// </summary>
internal sealed partial class GuestSession(
    ExecutionRequest request, ExecutionOptions options, ExtensionRegistry extensions, ExecutionStats stats,
    TimeProvider time, ILogger logger) : IGuestHost
{
    private readonly HashSet<string> _keysWritten = new(StringComparer.Ordinal);
    private readonly List<EmittedEvent> _events = [];
    private readonly List<ViewCommand> _viewCommands = [];
    private readonly List<PendingExtensionCall> _newCalls = [];
    private int _eventCount;
    private long _logBytes;
    private int _nextCallId;
    private long _cpuNanoseconds;
    private long _sliceCpuStart;
    private long _sliceCpuBudget;
    private long _sliceWallStart;
    private long _wallDeadline;

    public ExecutionRequest Request => request;

    public int TimeoutMs => options.TimeoutMs;

    public ExecutionError? Terminal { get; private set; }

    public int HostCalls { get; private set; }

    /// <summary>Guest CPU time so far, all slices (<c>metrics.executionTimeUs</c>).</summary>
    public long CpuMicroseconds => _cpuNanoseconds / 1000;

    /// <summary>Opens a stretch of guest code, bounded by what is left of TIMEOUT_MS (CPU) and the wall deadline.</summary>
    public void BeginSlice(long wallDeadlineTimestamp)
    {
        _sliceWallStart = Stopwatch.GetTimestamp();
        _sliceCpuStart = ThreadCpuClock.NowNanoseconds();
        _sliceCpuBudget = Math.Max(0, options.TimeoutMs * 1_000_000L - _cpuNanoseconds);
        _wallDeadline = wallDeadlineTimestamp;
    }

    public void EndSlice() => _cpuNanoseconds += ThreadCpuClock.NowNanoseconds() - _sliceCpuStart;

    /// <summary>
    /// Epoch ticks (wall clock) before the Wasmtime backstop traps: well after the CPU budget would run out even
    /// on a host that gives the worker only a quarter of a core, and never after the wall deadline plus grace.
    /// </summary>
    public ulong BackstopEpochTicks()
    {
        var budgetMs = _sliceCpuBudget / 1_000_000 * BackstopSlowdown;
        var wallMs = Math.Max(0, (_wallDeadline - _sliceWallStart) * 1000 / Stopwatch.Frequency);
        return (ulong)(Math.Min(budgetMs, wallMs) / WasmEngine.EpochTickMs) + BackstopGraceTicks;
    }

    private const long BackstopSlowdown = 4;
    private static readonly double NanosecondsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;
    private const ulong BackstopGraceTicks = 50;

    /// <summary>Epoch ticks until the slice's deadline (rounded up): the primary stop for raw wasm handlers, which
    /// have no interpreter to poll an interrupt, so for them TIMEOUT_MS is counted on the wall clock.</summary>
    public ulong EpochTicksLeft()
    {
        var budgetMs = _sliceCpuBudget / 1_000_000;
        var wallMs = Math.Max(0, (_wallDeadline - _sliceWallStart) * 1000 / Stopwatch.Frequency);
        return (ulong)((Math.Min(budgetMs, wallMs) + WasmEngine.EpochTickMs - 1) / WasmEngine.EpochTickMs) + 1;
    }

    /// <summary>Polled by QuickJS's interrupt handler (every few thousand operations) and after host calls.</summary>
    public bool ShouldInterrupt()
    {
        if (Terminal is not null) return true;
        var now = Stopwatch.GetTimestamp();
        if (now > _wallDeadline)
        {
            Fail(GuestFailure.Deadline(options.ExecutionDeadlineMs));
            return true;
        }
        // A thread cannot have run longer than the wall time since its slice began, so while that is within the
        // budget the CPU clock (a system call, unlike the wall clock) need not be read: most polls end here.
        if ((now - _sliceWallStart) * NanosecondsPerTick <= _sliceCpuBudget) return false;
        if (ThreadCpuClock.NowNanoseconds() - _sliceCpuStart <= _sliceCpuBudget) return false;
        Fail(GuestFailure.CpuTimeout(options.TimeoutMs));
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
        Log.PermissionDenied(logger, request.PanelId, request.ToolName, operation, capability);
        Fail(GuestFailure.Denied(operation, capability));
    }

    /// <summary>Null when the text is malformed: the execution has then ended with EXECUTION_ERROR.</summary>
    private JsonElement? ParseJson(string json, string where)
    {
        try
        {
            return GuestJson.Parse(json, where);
        }
        catch (MalformedGuestTextException malformed)
        {
            Fail(GuestFailure.MalformedText(malformed));
            return null;
        }
        catch (GuestValueTooDeepException deep)
        {
            Fail(GuestFailure.TooDeep(deep));
            return null;
        }
        catch (JsonException)
        {
            Fail(new ExecutionError(ExecutionErrorCodes.ExecutionError, $"{where} is not JSON"));
            return null;
        }
    }

    private static string Rejection(string code, string message) => "!" + GuestJson.Error(code, message);
}
