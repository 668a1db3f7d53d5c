namespace Nexus.Kernel.Observability;

/// <summary>Where log lines go: stdout in the service; tests hand in their own sink to read what was logged.</summary>
internal class LogSink
{
    private readonly Lock _gate = new();

    public static LogSink Stdout { get; } = new();

    /// <summary>Writes one complete line; lines from concurrent loggers never interleave.</summary>
    public virtual void WriteLine(string line)
    {
        lock (_gate) Console.Out.WriteLine(line);
    }
}
