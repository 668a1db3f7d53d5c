using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels;

/// <summary>
/// Told about panels as they change, so capabilities downstream (automatic triggers) can react without Panels/
/// knowing them. Calls are made on the committing path: implementations hand work off and return.
/// </summary>
internal interface IPanelObserver
{
    void OnCreated(PanelDefinition panel);

    void OnDeleted(string panelId);

    /// <summary>A batch of an execution at <paramref name="causeDepth"/> (0: started by a client) was applied.</summary>
    void OnBatchApplied(PanelDefinition panel, ExecutionBatch batch, int causeDepth);
}
