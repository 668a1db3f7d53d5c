using System.Net;
using System.Net.Sockets;

namespace Nexus.LoadBench.Targets;

/// <summary>
/// Distinct free loopback ports chosen by the bench, so a server's ports are known before it starts (readiness is
/// polled from the spawn on, and LOG_LEVEL=warn hides the kernel's "listening" line).
/// </summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
