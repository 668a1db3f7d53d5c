using Nexus.Kernel.Hosting;

namespace Nexus.Kernel.Panels;

/// <summary>
/// The shared panel store could not be reached (or did not answer in time). Nothing was changed, or, for a
/// commit whose reply was lost, the outcome is unknown; HTTP answers 503 NOT_READY, an execution ends with an error.
/// </summary>
internal sealed class PanelStoreUnavailableException(string message, Exception inner)
    : DependencyUnavailableException(message, inner, "the panel store is unreachable");
