namespace Nexus.Kernel.Json;

/// <summary>RFC 9457 problem details with the kernel's extra <c>code</c> member (README "API at a glance").</summary>
internal sealed record Problem(string Type, string Title, int Status, string Detail, string Code)
{
    public string? Tool { get; init; }
    public int? Line { get; init; }
    public int? Column { get; init; }

    /// <summary>The same text as <see cref="Detail"/>: clients of the original Nexus Runtime read the reason from <c>error</c>.</summary>
    public string Error => Detail;
}
