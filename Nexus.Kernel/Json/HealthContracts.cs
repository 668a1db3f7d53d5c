namespace Nexus.Kernel.Json;

internal sealed record HealthReport(string Status, string Version, long Uptime, PanelCounts Panels, RuntimeReport Runtime);

internal sealed record PanelCounts(int Active, int Suspended);

internal sealed record RuntimeReport(int ActiveInstances, int AvailableInstances, double CacheHitRate, long MemoryBytes);

internal sealed record ReadinessReport(string Status, IReadOnlyList<string> Reasons);
