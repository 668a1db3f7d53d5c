namespace Nexus.Kernel.Panels;

/// <summary>
/// Told when panels appear and disappear, so capabilities downstream (scheduled triggers) can react without
/// Panels/ knowing them. Calls are made on the committing path: implementations hand work off and return.
/// </summary>
internal interface IPanelLifecycleObserver
{
    void OnCreated(PanelDefinition panel);

    void OnDeleted(string panelId);
}
