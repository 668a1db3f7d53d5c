using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Triggers;

/// <summary>
/// Interval and cron tools run by themselves on the injected <see cref="TimeProvider"/>. Every process schedules every
/// panel's tools (told by <see cref="PanelService"/>, and with a shared store also by <see cref="ScheduleReconciler"/>),
/// and each occurrence runs on the one process that claims it (<see cref="IScheduleClaims"/>; alone, that is always
/// this one). A run that would start while the previous one of the same tool on this process has not finished (a slow
/// tool, a full queue) is skipped, not queued: nothing piles up, and a tool that always fails runs no more often than
/// its schedule. Deleting a panel disposes its timers; once the kernel drains, no scheduled run starts.
/// </summary>
internal sealed partial class ScheduledTriggers(
    Lazy<IToolRunner> runner,
    TimeProvider time,
    DrainState drain,
    KernelCounters counters,
    IScheduleClaims claims,
    ILogger<ScheduledTriggers> logger) : IPanelLifecycleObserver, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Schedule[]> _byPanel = new(StringComparer.Ordinal);
    private readonly Lazy<IToolRunner> _runner = runner;
    private readonly TimeProvider _time = time;
    private readonly DrainState _drain = drain;
    private readonly KernelCounters _counters = counters;
    private readonly IScheduleClaims _claims = claims;
    private readonly ILogger _logger = logger;
    private long _changes;

    /// <summary>Counts creations and deletions heard of; <see cref="TryReconcile"/> uses it to detect a stale list.</summary>
    public long Changes
    {
        get { lock (_gate) return _changes; }
    }

    /// <summary>Schedules the panel's tools, unless this very panel (same id and creation time) is already scheduled.</summary>
    public void OnCreated(PanelDefinition panel)
    {
        lock (_gate)
        {
            _changes++;
            Ensure(panel);
        }
    }

    public void OnDeleted(string panelId)
    {
        lock (_gate)
        {
            _changes++;
            Stop(panelId);
        }
    }

    /// <summary>True when this process has timers for <paramref name="panelId"/>.</summary>
    public bool IsScheduled(string panelId)
    {
        lock (_gate) return _byPanel.ContainsKey(panelId);
    }

    /// <summary>True when no scheduled run of <paramref name="panelId"/> is being claimed or run by this process.</summary>
    public bool IsIdle(string panelId)
    {
        lock (_gate) return !_byPanel.TryGetValue(panelId, out var schedules) || schedules.All(s => !s.IsRunning);
    }

    /// <summary>
    /// Makes the schedules match <paramref name="all"/>, the store's whole list read after <see cref="Changes"/> was
    /// <paramref name="asOf"/>. False (nothing done) when a creation or deletion was heard of meanwhile: the list may
    /// predate it, so the caller reads it again.
    /// </summary>
    public bool TryReconcile(IEnumerable<PanelDefinition> all, long asOf, out int started, out int stopped)
    {
        started = stopped = 0;
        lock (_gate)
        {
            if (_changes != asOf) return false;
            var listed = all.ToDictionary(p => p.Id, StringComparer.Ordinal);
            foreach (var id in _byPanel.Keys.Where(id => !listed.ContainsKey(id)).ToList())
            {
                Stop(id);
                stopped++;
            }
            foreach (var panel in listed.Values)
            {
                if (Ensure(panel)) started++;
            }
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var panelId in _byPanel.Keys.ToList()) Stop(panelId);
        }
    }

    /// <summary>Starts the panel's schedules (replacing those of an earlier panel with the same id); true if it did.</summary>
    private bool Ensure(PanelDefinition panel)
    {
        if (_byPanel.TryGetValue(panel.Id, out var current) && current[0].Panel.CreatedAt == panel.CreatedAt) return false;
        Stop(panel.Id);
        var schedules = panel.Tools
            .Where(t => t.Trigger.Type is TriggerType.Interval or TriggerType.Cron)
            .Select(t => new Schedule(this, panel, t))
            .ToArray();
        if (schedules.Length == 0) return false;
        _byPanel[panel.Id] = schedules;
        foreach (var schedule in schedules) schedule.Start();
        return true;
    }

    private void Stop(string panelId)
    {
        if (!_byPanel.Remove(panelId, out var schedules)) return;
        foreach (var schedule in schedules) schedule.Dispose();
    }
}
