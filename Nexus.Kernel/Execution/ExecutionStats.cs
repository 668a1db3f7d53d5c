using System.Collections.Concurrent;

namespace Nexus.Kernel.Execution;

/// <summary>
/// Plain counters owned by the execution hot path (Interlocked, no metrics library). Observability/ reads them at
/// scrape time and exports them (e.g. nexus_handler_executions_total{status}, nexus_errors_total{code}).
/// </summary>
internal sealed class ExecutionStats
{
    /// <summary>Upper bounds (seconds) of the duration histogram; the last bucket is +Inf.</summary>
    public static readonly double[] DurationBucketsSeconds = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30];

    private readonly long[] _durationBuckets = new long[DurationBucketsSeconds.Length + 1];
    private long _durationSumMicros;

    public long ExecutionsSucceeded;
    public long ExecutionsFailed;
    public long Suspended;
    public long SandboxesCreated;
    public long SandboxesDiscarded;
    public long Compilations;
    public long CompilationErrors;

    /// <summary>Errors by code (EXECUTION_ERROR, TIMEOUT, ...).</summary>
    public ConcurrentDictionary<string, long> ErrorsByCode { get; } = new(StringComparer.Ordinal);

    /// <summary>Guest→host crossings by function ($state.read, $emit, $ext, ...).</summary>
    public ConcurrentDictionary<string, long> HostCallsByFunction { get; } = new(StringComparer.Ordinal);

    public long DurationSumMicros => Interlocked.Read(ref _durationSumMicros);

    /// <summary>A copy of the non-cumulative bucket counts (same order as <see cref="DurationBucketsSeconds"/>, then +Inf).</summary>
    public long[] DurationBucketCounts()
    {
        var copy = new long[_durationBuckets.Length];
        for (var i = 0; i < copy.Length; i++) copy[i] = Interlocked.Read(ref _durationBuckets[i]);
        return copy;
    }

    public void RecordExecution(ExecutionResult result)
    {
        if (result.Error is { } error)
        {
            Interlocked.Increment(ref ExecutionsFailed);
            ErrorsByCode.AddOrUpdate(error.Code, 1, static (_, n) => n + 1);
        }
        else
        {
            Interlocked.Increment(ref ExecutionsSucceeded);
        }
        var micros = result.Metrics.ExecutionTimeUs;
        Interlocked.Add(ref _durationSumMicros, micros);
        var seconds = micros / 1e6;
        var bucket = 0;
        while (bucket < DurationBucketsSeconds.Length && seconds > DurationBucketsSeconds[bucket]) bucket++;
        Interlocked.Increment(ref _durationBuckets[bucket]);
    }

    public void RecordHostCall(string function) => HostCallsByFunction.AddOrUpdate(function, 1, static (_, n) => n + 1);
}
