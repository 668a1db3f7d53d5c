using System.Text.Json;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// Checks once the traffic has stopped: only the soak's own panels are left (churn deleted every other one), no
/// panel still counts a client (every socket was closed), and /health answers 200.
/// </summary>
internal sealed class Aftermath(HttpClient http, Ledger ledger)
{
    private const string Kind = "final check";

    /// <summary>The /health status at the end (0 when it did not answer).</summary>
    public async Task<int> CheckAsync()
    {
        string? problem = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            problem = await LeftoversAsync();
            if (problem is null) break;
            await Task.Delay(100);
        }
        if (problem is null) ledger.Ok(Kind);
        else ledger.Fail(Kind, problem);

        try
        {
            using var health = await http.GetAsync("/health");
            return (int)health.StatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            ledger.Fail(Kind, $"/health: {error.Message}");
            return 0;
        }
    }

    private async Task<string?> LeftoversAsync()
    {
        try
        {
            using var response = await http.GetAsync("/panels");
            using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var panels = list.RootElement.GetProperty("panels").EnumerateArray().ToList();
            var ids = panels.Select(static p => p.GetProperty("id").GetString()).Order(StringComparer.Ordinal).ToList();
            var expected = SoakPanels.All.Order(StringComparer.Ordinal).ToList();
            if (!ids.SequenceEqual(expected)) return $"panels left: [{string.Join(", ", ids)}], expected [{string.Join(", ", expected)}]";
            var clients = panels.Where(static p => p.GetProperty("clientCount").GetInt32() != 0)
                .Select(static p => $"{p.GetProperty("id").GetString()}={p.GetProperty("clientCount").GetInt32()}").ToList();
            return clients.Count == 0 ? null : $"panels still counting clients after every socket closed: {string.Join(", ", clients)}";
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return $"GET /panels: {error.Message}";
        }
    }
}
