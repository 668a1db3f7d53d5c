namespace Nexus.Kernel.Execution;

/// <summary>How one call ended, handed back to the guest as a resolved or rejected promise.</summary>
internal sealed record ExtensionOutcome(string Id, bool Succeeded, string PayloadJson);
