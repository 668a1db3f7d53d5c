namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Panels: how many, how big their state, how long their queue, and which store holds them.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record PanelOptions
{
    public int MaxPanels { get; init; } = Settings.MaxPanels.DefaultNumber;

    public int MaxPanelsPerSubject { get; init; } = Settings.MaxPanelsPerSubject.DefaultNumber;

    public int MaxStateBytes { get; init; } = Settings.MaxStateBytes.DefaultNumber;

    public int PanelQueueLimit { get; init; } = Settings.PanelQueueLimit.DefaultNumber;

    public PanelStoreKind PanelStore { get; init; } = Settings.PanelStore.Fallback;
}
