using System.Globalization;
using System.Text.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Triggers;

internal sealed partial class ScheduledTriggers
{
    /// <summary>
    /// One interval or cron tool of one panel on this process: a one-shot timer armed for each occurrence in turn.
    /// Interval occurrences fall on unix-time multiples of the interval (the first is the next multiple), so every
    /// pod names them alike (the period index) whatever its start time; cron occurrences on their UTC minute. A timer
    /// that fires late (a stalled process, a test's clock jumping) fires the occurrence it was armed for; the others
    /// that fell due meanwhile would overlap that run, so they count as skipped, never as a burst of runs.
    /// </summary>
    private sealed class Schedule(ScheduledTriggers owner, PanelDefinition panel, ToolDefinition tool) : IDisposable
    {
        private static readonly TimeSpan MinClaimTtl = TimeSpan.FromSeconds(10);
        private readonly CronSchedule? _cron = tool.Trigger.CronExpression is { } text && CronSchedule.TryParse(text, out var c, out _) ? c : null;
        private readonly Lock _gate = new();
        private readonly string _type = tool.Trigger.Type == TriggerType.Cron ? "cron" : "interval";
        private ITimer? _timer;
        private DateTimeOffset _next;
        private int _running;
        private volatile bool _disposed;

        public PanelDefinition Panel => panel;

        public bool IsRunning => Volatile.Read(ref _running) != 0;

        public void Start()
        {
            if (tool.Trigger.IntervalMs is null && _cron is null) return;
            _timer = owner._time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Arm(NextAfter(owner._time.GetUtcNow()));
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _timer?.Dispose();
            }
        }

        private void Arm(DateTimeOffset? occurrence)
        {
            lock (_gate)
            {
                if (_disposed || occurrence is not { } next) return;
                _next = next;
                var due = next - owner._time.GetUtcNow();
                _timer!.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>The first occurrence strictly after <paramref name="after"/> (null: a cron that never fires again).</summary>
        private DateTimeOffset? NextAfter(DateTimeOffset after)
        {
            if (tool.Trigger.IntervalMs is not { } ms) return _cron!.Next(after);
            var index = after.ToUnixTimeMilliseconds() / ms + 1;
            return DateTimeOffset.FromUnixTimeMilliseconds(index * ms);
        }

        private void OnTimer()
        {
            DateTimeOffset occurrence;
            lock (_gate) occurrence = _next;
            var now = owner._time.GetUtcNow();
            var live = Fire(occurrence, now);
            // On from the occurrence; from the present if the timer fired a little early or the clock was set back.
            var next = NextAfter(now < occurrence ? now : occurrence);
            if (next == occurrence) next = NextAfter(occurrence);
            for (; next is { } missed && missed <= now; next = NextAfter(missed))
            {
                if (live) Skip();
            }
            Arm(next);
        }

        /// <summary>Starts the occurrence's run unless the previous one is still going; false once disposed or draining.</summary>
        private bool Fire(DateTimeOffset occurrence, DateTimeOffset now)
        {
            if (_disposed || owner._drain.IsDraining) return false;
            if (Interlocked.CompareExchange(ref _running, 1, 0) != 0) Skip();
            else _ = RunAsync(occurrence, now);
            return true;
        }

        private void Skip()
        {
            owner._counters.TriggerRuns.Increment(_type + "_skipped");
            Log.Skipped(owner._logger, panel.Id, tool.Name, _type);
        }

        /// <summary>Claims the occurrence, then runs it. Alone the claim completes at once, so the run is queued before
        /// the timer callback returns (tests on a fake clock rely on it).</summary>
        private async Task RunAsync(DateTimeOffset occurrence, DateTimeOffset now)
        {
            try
            {
                if (!await ClaimAsync(occurrence)) return;
                owner._counters.TriggerRuns.Increment(_type);
                var outcome = await owner._runner.Value.RunAsync(panel, tool, Args(occurrence, now), causeDepth: 1);
                TriggerRuns.Ended(owner._logger, panel.Id, tool.Name, _type, outcome);
            }
            catch (PanelStoreUnavailableException)
            {
                TriggerRuns.NotRun(owner._logger, panel.Id, tool.Name, _type, "StoreUnavailable");
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }

        private async ValueTask<bool> ClaimAsync(DateTimeOffset occurrence)
        {
            try
            {
                if (await owner._claims.TryClaimAsync(Occurrence(occurrence))) return true;
                owner._counters.TriggerRuns.Increment(_type + "_claimed_elsewhere");
            }
            catch (PanelStoreUnavailableException error)
            {
                owner._counters.TriggerRuns.Increment(_type + "_claim_failed");
                Log.ClaimFailed(owner._logger, panel.Id, tool.Name, _type, error.Message);
            }
            return false;
        }

        /// <summary>The occurrence's name on every pod, and a claim TTL of a few periods (at least <see cref="MinClaimTtl"/>).</summary>
        private ScheduledOccurrence Occurrence(DateTimeOffset at)
        {
            var ms = at.ToUnixTimeMilliseconds();
            var period = tool.Trigger.IntervalMs ?? 60_000;
            var id = tool.Trigger.IntervalMs is { } interval
                ? string.Create(CultureInfo.InvariantCulture, $"interval:{interval}:{ms / interval}")
                : string.Create(CultureInfo.InvariantCulture, $"cron:{ms / 60_000}");
            var ttl = TimeSpan.FromMilliseconds(Math.Max(3L * period, (long)MinClaimTtl.TotalMilliseconds));
            return new ScheduledOccurrence(panel.Id, tool.Name, id, at, ttl);
        }

        private JsonElement Args(DateTimeOffset occurrence, DateTimeOffset now) => _type == "cron"
            ? TriggerArgs.Cron(tool.Trigger.CronExpression!, occurrence, now)
            : TriggerArgs.Interval(tool.Trigger.IntervalMs!.Value, occurrence, now);
    }
}
