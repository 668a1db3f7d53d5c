using System.Globalization;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// The soak (issue 10): <c>seconds</c> (default 600) of mixed HTTP and WebSocket traffic with hostile handlers
/// against the published binary, a fixed number of loops, while /proc/&lt;pid&gt; is sampled every 5 s. Exit code 0
/// when no outcome was unexpected and /health still answers 200; the resource trends and their verdict are printed.
/// Arguments: <c>[binaryPath, seconds]</c>.
/// </summary>
internal static class SoakRun
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);

    // Short limits keep every hostile run brief. TIMEOUT_MS is wall time inside the guest: on an overloaded 2-core
    // host a trivial handler's slice reached 380 ms, so 200 ms made well-behaved tools time out now and then.
    private const string TimeoutMs = "500";
    private const string MemoryLimitMb = "8";

    public static async Task<int> RunAsync(string[] args)
    {
        var binary = args.Length > 0 ? args[0] : "artifacts/aot/nexus-kernel";
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 600;
        if (seconds is < 20 or > 3000)
        {
            Console.Error.WriteLine("soak: seconds must be 20..3000 (the bench's tokens live one hour)");
            return 2;
        }

        // The kernel inherits this environment; KernelUnderTest adds ports, the secret and generous WS limits.
        Environment.SetEnvironmentVariable("TIMEOUT_MS", TimeoutMs);
        Environment.SetEnvironmentVariable("MEMORY_LIMIT_MB", MemoryLimitMb);
        await using var kernel = await KernelUnderTest.StartAsync(binary);
        using var http = kernel.Http();
        using var odd = kernel.Http(); // malformed inputs on their own connections (a 413 may close one)
        http.Timeout = odd.Timeout = TimeSpan.FromSeconds(30);
        foreach (var panel in SoakPanels.All)
        {
            using var created = await http.PostAsync("/panels", HttpTraffic.Json(SoakPanels.Definition(panel)));
            if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"creating {panel}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }
        Console.WriteLine($"soak: {seconds} s against {binary} (pid {kernel.Pid}), TIMEOUT_MS={TimeoutMs}, MEMORY_LIMIT_MB={MemoryLimitMb}, " +
            $"panels {string.Join(" ", SoakPanels.All)}");

        var ledger = new Ledger();
        var token = KernelUnderTest.Token();
        var sampler = new ProcSampler(kernel.Pid, ledger);
        var traffic = new HttpTraffic(http, ledger);
        var subscribers = SoakPanels.Good.Append(SoakPanels.Hostile[0]).Select(p => new Subscriber(ledger, kernel.WsPort, token, p)).ToList();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var loops = new List<Task> { sampler.RunAsync(SampleEvery, stop.Token) };
        loops.AddRange(subscribers.Select(s => Guard(ledger, "ws subscriber", () => s.RunAsync(stop.Token))));
        for (var i = 0; i < 3; i++) loops.Add(traffic.GoodTriggersAsync(TimeSpan.FromMilliseconds(20), stop.Token));
        loops.Add(traffic.HostileTriggersAsync(TimeSpan.FromMilliseconds(300), stop.Token));
        loops.Add(traffic.ReadsAsync(TimeSpan.FromMilliseconds(50), stop.Token));
        loops.Add(new PanelChurn(http, traffic, ledger, kernel.WsPort, token).RunAsync(TimeSpan.FromMilliseconds(200), stop.Token));
        for (var i = 0; i < 2; i++) loops.Add(new WsSessions(ledger, kernel.WsPort, token).RunAsync(TimeSpan.FromMilliseconds(50), stop.Token));
        loops.Add(new MalformedInputs(odd, ledger, kernel.WsPort, token).RunAsync(TimeSpan.FromMilliseconds(200), stop.Token));
        _ = Progress(ledger, sampler, stop.Token);
        await Task.WhenAll(loops);

        var health = await new Aftermath(http, ledger).CheckAsync();
        await Task.Delay(SampleEvery);
        return SoakReport.Print(ledger, sampler.Samples, sampler.Read(), seconds, health, subscribers.Sum(static s => s.Patches));
    }

    private static async Task Guard(Ledger ledger, string kind, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception error)
        {
            ledger.Fail(kind, $"{error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>A line a minute, so a long run shows it is alive.</summary>
    private static async Task Progress(Ledger ledger, ProcSampler sampler, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var last = sampler.Samples.LastOrDefault();
                Console.WriteLine($"  {last.Seconds:F0} s: {ledger.Total:N0} outcomes, {ledger.Unexpected} unexpected, RSS {last.RssMb:F1} MB, {last.Threads} threads, {last.Fds} fds");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
