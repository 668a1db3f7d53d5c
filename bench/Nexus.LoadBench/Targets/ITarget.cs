using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Targets;

/// <summary>A server the proof run measures: the kernel (AOT or JIT build) or the Node.js baseline.</summary>
internal interface ITarget
{
    /// <summary>The column header, e.g. "kernel AOT".</summary>
    string Name { get; }

    /// <summary>Why this target cannot run here (missing binary, baseline not landed yet), or null.</summary>
    string? SkipReason { get; }

    /// <summary>Starts a new process on free loopback ports; does not wait for readiness.</summary>
    ServerProcess Spawn();
}
