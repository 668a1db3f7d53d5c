using System.Collections.Concurrent;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// Every outcome of the soak, counted from any thread: per traffic kind (ok / expected error / unexpected), per
/// expected error code, and the first few unexpected outcomes verbatim.
/// </summary>
internal sealed class Ledger
{
    private const int KeptSamples = 12;
    private readonly ConcurrentDictionary<string, Tally> _kinds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _expected = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _samples = new();
    private readonly DateTime _start = DateTime.UtcNow;
    private long _unexpected;

    public long Unexpected => Interlocked.Read(ref _unexpected);
    public IReadOnlyCollection<string> Samples => _samples;
    public IEnumerable<KeyValuePair<string, long>> ExpectedByCode => _expected.OrderBy(static p => p.Key, StringComparer.Ordinal);
    public IEnumerable<(string Kind, long Ok, long Expected, long Unexpected)> Kinds =>
        _kinds.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => (p.Key, p.Value.Ok, p.Value.Expected, p.Value.Unexpected));
    public long Total => _kinds.Values.Sum(static t => t.Ok + t.Expected + t.Unexpected);

    public void Ok(string kind) => Interlocked.Increment(ref Of(kind).Ok);

    /// <summary>An outcome the soak provoked on purpose: a hostile tool's limit, a malformed input's refusal.</summary>
    public void Expected(string kind, string code)
    {
        Interlocked.Increment(ref Of(kind).Expected);
        _expected.AddOrUpdate(code, 1, static (_, n) => n + 1);
    }

    public void Fail(string kind, string detail)
    {
        Interlocked.Increment(ref Of(kind).Unexpected);
        Interlocked.Increment(ref _unexpected);
        if (_samples.Count < KeptSamples) _samples.Enqueue($"[{(DateTime.UtcNow - _start).TotalSeconds:F0}s {kind}] {Trim(detail)}");
    }

    /// <summary>Counts a checked outcome: unexpected when the check found a problem, otherwise ok, or an expected
    /// error under <paramref name="expected"/> (the code the check required; null for a success).</summary>
    public void Judge(string kind, string? expected, Outcome outcome)
    {
        if (outcome.Problem is not null) Fail(kind, outcome.Problem);
        else if (expected is null) Ok(kind);
        else Expected(kind, expected);
    }

    /// <summary>Runs <paramref name="body"/> until <paramref name="stop"/>, pausing between rounds; an exception counts
    /// as unexpected and the loop goes on.</summary>
    public async Task LoopAsync(string kind, TimeSpan pause, CancellationToken stop, Func<Task> body)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await body();
            }
            catch (Exception error)
            {
                Fail(kind, $"{error.GetType().Name}: {error.Message}");
            }
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private Tally Of(string kind) => _kinds.GetOrAdd(kind, static _ => new Tally());

    private sealed class Tally
    {
        public long Ok;
        public long Expected;
        public long Unexpected;
    }
}

/// <summary>What a check found: null when the response is what was expected, otherwise why it is not.</summary>
internal readonly record struct Outcome(string? Problem)
{
    public static Outcome Good => default;
    public static Outcome Bad(string problem) => new(problem);
}
