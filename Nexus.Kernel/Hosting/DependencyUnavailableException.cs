namespace Nexus.Kernel.Hosting;

/// <summary>
/// Something a request needs (e.g. the shared panel store) could not be reached. The pipeline answers 503
/// NOT_READY with <see cref="Detail"/>, which the client may retry; any other exception is a 500.
/// </summary>
internal abstract class DependencyUnavailableException(string message, Exception inner, string detail) : Exception(message, inner)
{
    public string Detail { get; } = detail;
}
