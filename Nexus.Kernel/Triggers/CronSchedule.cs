using Cronos;

namespace Nexus.Kernel.Triggers;

/// <summary>A 5-field cron expression evaluated in UTC (the chiseled image carries no time-zone data).</summary>
internal sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression) => _expression = expression;

    public static bool TryParse(string? text, out CronSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            error = "must have 5 fields (minute hour day-of-month month day-of-week, UTC)";
            return false;
        }
        try
        {
            schedule = new CronSchedule(CronExpression.Parse(text, CronFormat.Standard));
            return true;
        }
        catch (CronFormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, TimeZoneInfo.Utc);
}
