using System.Collections.Concurrent;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Triggers;

/// <summary>
/// Interval and cron tools run by themselves on the injected <see cref="TimeProvider"/>. A run that would start
/// while the previous one of the same tool has not finished (a slow tool, a full queue) is skipped, not queued:
/// nothing piles up, and a tool that always fails runs no more often than its schedule. Deleting a panel disposes
/// its timers; once the kernel drains, no scheduled run starts.
/// </summary>
internal sealed class ScheduledTriggers(
    Lazy<PanelService> panels,
    TimeProvider time,
    DrainState drain,
    KernelCounters counters,
    ILogger<ScheduledTriggers> logger) : IPanelObserver, IDisposable
{
    private readonly ConcurrentDictionary<string, Schedule[]> _byPanel = new(StringComparer.Ordinal);
    private readonly Lazy<PanelService> _panels = panels;
    private readonly TimeProvider _time = time;
    private readonly DrainState _drain = drain;
    private readonly KernelCounters _counters = counters;
    private readonly ILogger _logger = logger;

    public void OnCreated(PanelDefinition panel)
    {
        var schedules = panel.Tools
            .Where(t => t.Trigger.Type is TriggerType.Interval or TriggerType.Cron)
            .Select(t => new Schedule(this, panel, t))
            .ToArray();
        if (schedules.Length == 0) return;
        _byPanel[panel.Id] = schedules;
        foreach (var schedule in schedules) schedule.Start();
    }

    public void OnDeleted(string panelId)
    {
        if (!_byPanel.TryRemove(panelId, out var schedules)) return;
        foreach (var schedule in schedules) schedule.Dispose();
    }

    public void OnBatchApplied(PanelDefinition panel, Execution.ExecutionBatch batch, int causeDepth)
    {
    }

    public void Dispose()
    {
        foreach (var panelId in _byPanel.Keys) OnDeleted(panelId);
    }

    private sealed class Schedule(ScheduledTriggers owner, PanelDefinition panel, ToolDefinition tool) : IDisposable
    {
        private readonly CronSchedule? _cron = tool.Trigger.CronExpression is { } text && CronSchedule.TryParse(text, out var c, out _) ? c : null;
        private ITimer? _timer;
        private DateTimeOffset _nextCron;
        private int _running;
        private volatile bool _disposed;

        public void Start()
        {
            if (tool.Trigger.IntervalMs is { } ms)
            {
                var period = TimeSpan.FromMilliseconds(ms);
                _timer = owner._time.CreateTimer(_ => Fire(), null, period, period);
            }
            else if (_cron is not null)
            {
                _timer = owner._time.CreateTimer(_ => FireCron(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                ArmCron(owner._time.GetUtcNow());
            }
        }

        private void ArmCron(DateTimeOffset after)
        {
            if (_disposed || _cron!.Next(after) is not { } next) return;
            _nextCron = next;
            var due = next - owner._time.GetUtcNow();
            _timer!.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        private void FireCron()
        {
            var occurrence = _nextCron;
            Fire();
            ArmCron(occurrence);
        }

        private void Fire()
        {
            if (_disposed || owner._drain.IsDraining) return;
            var type = tool.Trigger.Type == TriggerType.Cron ? "cron" : "interval";
            if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                owner._counters.TriggerRuns.Increment(type + "_skipped");
                Log.Skipped(owner._logger, panel.Id, tool.Name, type);
                return;
            }
            var now = owner._time.GetUtcNow();
            var args = type == "cron" ? TriggerArgs.Cron(tool.Trigger.CronExpression!, now) : TriggerArgs.Interval(tool.Trigger.IntervalMs!.Value, now);
            _ = RunAsync(type, args);
        }

        private async Task RunAsync(string type, System.Text.Json.JsonElement args)
        {
            try
            {
                owner._counters.TriggerRuns.Increment(type);
                var outcome = await owner._panels.Value.RunAsync(panel, tool, args, null, CancellationToken.None, causeDepth: 1);
                if (outcome.Result?.Error is { } error) Log.RunFailed(owner._logger, panel.Id, tool.Name, type, error.Code, error.Message);
                else if (outcome.Status != TriggerStatus.Completed) Log.NotRun(owner._logger, panel.Id, tool.Name, type, outcome.Status.ToString());
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}
