using System.Diagnostics;
using System.Text;
using Nexus.LoadBench;

// End-to-end figures on loopback against the published binary (bounded: a few thousand messages per scenario).
var binary = args.Length > 0 ? args[0] : "artifacts/aot/nexus-kernel";
var idleConnections = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000;

await using var kernel = await KernelUnderTest.StartAsync(binary);
using var http = kernel.Http();
var created = await http.PostAsync("/panels", new StringContent("""
    {"id":"b","kind":"bench","initialState":{"n":0},"tools":[{"name":"inc","handler":"$state.n = $state.n + 1; return $state.n;"}]}
    """, Encoding.UTF8, "application/json"));
created.EnsureSuccessStatusCode();

Console.WriteLine("scenario | figure");
Console.WriteLine("---|---");

// 1. TRIGGER -> RESULT round trip on one connection.
await using (var one = await Socket.ConnectAsync(kernel, "b"))
{
    await one.SendAsync("""{"type":"UNSUBSCRIBE","topics":["state","events"]}""");
    for (var i = 0; i < 200; i++) { await one.SendAsync("""{"type":"TRIGGER","tool":"inc"}"""); await one.ReceiveTypeAsync("RESULT"); }
    var rtt = new List<double>();
    for (var i = 0; i < 2000; i++)
    {
        var sw = Stopwatch.StartNew();
        await one.SendAsync("""{"type":"TRIGGER","tool":"inc"}""");
        await one.ReceiveTypeAsync("RESULT");
        rtt.Add(sw.Elapsed.TotalMicroseconds);
    }
    Console.WriteLine($"TRIGGER→RESULT, 1 connection | p50 {Pct(rtt, 50):F0} µs, p99 {Pct(rtt, 99):F0} µs");
}

// 2. The same with 100 connections at once (each on its own panel, so executions run in parallel).
{
    var sockets = new List<Socket>();
    for (var c = 0; c < 100; c++)
    {
        var id = "c" + c;
        (await http.PostAsync("/panels", new StringContent($$"""{"id":"{{id}}","kind":"bench","initialState":{"n":0},"tools":[{"name":"inc","handler":"$state.n = $state.n + 1; return $state.n;"}]}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var socket = await Socket.ConnectAsync(kernel, id);
        await socket.SendAsync("""{"type":"UNSUBSCRIBE","topics":["state","events"]}""");
        sockets.Add(socket);
    }
    var all = new List<double>();
    var wall = Stopwatch.StartNew();
    var perSocket = await Task.WhenAll(sockets.Select(async s =>
    {
        var mine = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var sw = Stopwatch.StartNew();
            await s.SendAsync("""{"type":"TRIGGER","tool":"inc"}""");
            await s.ReceiveTypeAsync("RESULT");
            mine.Add(sw.Elapsed.TotalMicroseconds);
        }
        return mine;
    }));
    wall.Stop();
    foreach (var list in perSocket) all.AddRange(list);
    Console.WriteLine($"TRIGGER→RESULT, 100 connections | p50 {Pct(all, 50):F0} µs, p99 {Pct(all, 99):F0} µs, {all.Count / wall.Elapsed.TotalSeconds:F0} triggers/s");
    foreach (var s in sockets) await s.DisposeAsync();
}

// 3. One PATCH fanned out to 1,000 clients: time from the trigger's send to each client's receipt.
{
    var clients = new List<Socket>();
    for (var c = 0; c < 1000; c++) clients.Add(await Socket.ConnectAsync(kernel, "b"));
    var latencies = new List<double>();
    for (var round = 0; round < 10; round++)
    {
        var sw = Stopwatch.StartNew();
        var receipts = clients.Select(async c => { await c.ReceiveTypeAsync("PATCH"); return sw.Elapsed.TotalMicroseconds; }).ToList();
        (await http.PostAsync("/panels/b/trigger/inc", null)).EnsureSuccessStatusCode();
        latencies.AddRange(await Task.WhenAll(receipts));
    }
    Console.WriteLine($"one PATCH to 1,000 clients | p50 {Pct(latencies, 50) / 1000:F1} ms, p99 {Pct(latencies, 99) / 1000:F1} ms");
    foreach (var c in clients) await c.DisposeAsync();
}

// 4. Memory per idle connection.
{
    GC.Collect();
    await Task.Delay(500);
    var before = kernel.ResidentBytes();
    var idle = new List<Socket>();
    for (var c = 0; c < idleConnections; c++) idle.Add(await Socket.ConnectAsync(kernel, "b"));
    await Task.Delay(1000);
    var after = kernel.ResidentBytes();
    Console.WriteLine($"idle connections ({idleConnections}) | {(after - before) / (double)idleConnections / 1024:F1} KiB each (RSS {before / 1e6:F0} → {after / 1e6:F0} MB)");
    foreach (var c in idle) await c.DisposeAsync();
}

static double Pct(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}
