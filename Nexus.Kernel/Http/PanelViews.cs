using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Http;

/// <summary>Maps stored panels and this process's runtime view of them to the wire shapes.</summary>
internal static class PanelViews
{
    public static PanelSummary Summary(StoredPanel panel, PanelRuntime runtime)
    {
        var d = panel.Definition;
        return new PanelSummary(d.Id, d.Kind, d.Title, Status(runtime), panel.Version, d.Tools.Select(t => t.Name).ToList(),
            d.CreatedAt, panel.LastActivity, runtime.ClientCount);
    }

    public static PanelInfo Info(StoredPanel panel, PanelState state, PanelRuntime runtime)
    {
        var d = panel.Definition;
        return new PanelInfo(d.Id, d.Kind, d.Title, Status(runtime), state.Version, d.Tools.Select(t => t.Name).ToList(),
            d.CreatedAt, panel.LastActivity, runtime.ClientCount, state.Values);
    }

    private static string Status(PanelRuntime runtime) => runtime.IsSuspended ? "suspended" : "running";
}
