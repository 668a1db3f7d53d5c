namespace Nexus.Kernel.Tests.Support;

internal static class Eventually
{
    /// <summary>
    /// For conditions with no event to await (a peer noticing a dead socket, a reconnect): re-checks until true, failing
    /// after a generous, one-sided bound. The pause between checks is pacing, not synchronization.
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("still not true after 30 s: " + what);
            await Task.Delay(50);
        }
    }
}
