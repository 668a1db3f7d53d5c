using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels;

/// <summary>Told about every batch applied to a panel (reactive triggers). Called on the committing path, inside
/// the panel's turn: implementations hand work off and return.</summary>
internal interface IBatchObserver
{
    /// <summary>A batch of an execution at <paramref name="causeDepth"/> (0: started by a client) was applied.</summary>
    void OnBatchApplied(PanelDefinition panel, ExecutionBatch batch, int causeDepth);
}
