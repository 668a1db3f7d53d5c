namespace Nexus.Kernel.Extensions.Http;

/// <summary>A request the http extension refused before (or instead of) sending it; the message says why.</summary>
internal sealed class HttpGuardException(string message) : Exception(message);
