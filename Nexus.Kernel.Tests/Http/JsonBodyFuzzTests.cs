using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// Random hostile bodies (nesting around 64, duplicates, invalid UTF-8, surrogate escapes, huge numbers, cut and
/// flipped bytes) and ids against create and trigger: never a 5xx, every refusal a problem, every panel that was
/// created still readable, and the kernel still serving at the end.
/// </summary>
public class JsonBodyFuzzTests
{
    [Test]
    public async Task Hostile_bodies_and_ids_never_get_a_5xx_nor_leave_a_panel_unreadable()
    {
        var seed = Fuzz.SeedFromEnvironment(15_001);
        var cases = Fuzz.CasesFromEnvironment(300);
        var fuzz = new Fuzz(seed);
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["MAX_PANELS_PER_SUBJECT"] = "1000", ["MAX_PANELS"] = "1000" });
        using var client = kernel.ClientFor("fuzz");
        using (var created = await client.PostAsync("/panels", HostileJson.Content("""{"id":"fz","kind":"k","tools":[{"name":"keep","handler":"$state.last = $args; return 1;"}]}""")))
        {
            await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);
        }

        var createdIds = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < cases; i++)
        {
            var because = $"seed {seed}, case {i}";
            HttpResponseMessage response;
            byte[] body;
            switch (fuzz.Random.Next(3))
            {
                case 0:
                    // Mostly valid ids and names, so that hostile values also reach the store, not only the validator.
                    var id = JsonEncodedText.Encode(fuzz.Chance(60) ? $"f{i}" : fuzz.Id()).ToString();
                    var tool = JsonEncodedText.Encode(fuzz.Chance(70) ? "t" : fuzz.Id()).ToString();
                    body = fuzz.Mutate("{\"id\":\"" + id + "\",\"kind\":" + fuzz.String() + ",\"tools\":[{\"name\":\"" + tool +
                        "\",\"handler\":\"return 1\"}],\"initialState\":{\"v\":" + fuzz.Value() + ",\"w\":" + fuzz.Value() + "}}");
                    response = await client.PostAsync("/panels", HostileJson.Content(body));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        createdIds.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
                    }
                    break;
                case 1:
                    body = fuzz.Mutate("""{"args":""" + fuzz.Value() + "}");
                    response = await client.PostAsync("/panels/fz/trigger/keep", HostileJson.Content(body));
                    break;
                default:
                    body = [];
                    response = await client.GetAsync("/panels/" + Uri.EscapeDataString(fuzz.Id()) + "/state");
                    break;
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                await Assert.That((int)response.StatusCode).IsLessThan(500).Because($"{because}: {text} for {Convert.ToHexString(body)}");
                if ((int)response.StatusCode >= 400)
                {
                    await Assert.That(response.Content.Headers.ContentType?.MediaType).IsEqualTo("application/problem+json").Because(because);
                }
            }
        }

        foreach (var id in createdIds.Append("fz"))
        {
            using var state = await client.GetAsync("/panels/" + Uri.EscapeDataString(id) + "/state");
            var text = await state.Content.ReadAsStringAsync();
            await Assert.That(state.StatusCode).IsEqualTo(HttpStatusCode.OK).Because($"seed {seed}: panel {id}: {text}");
            JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 }).Dispose();
        }
        using var health = await kernel.Http.GetAsync("/health");
        await Assert.That(health.StatusCode).IsEqualTo(HttpStatusCode.OK);
        Fuzz.Report("http json bodies", cases, seed);
        Console.WriteLine("fuzz http json bodies: statuses " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        // Not degenerate: some inputs got through (created, ran) and some were refused.
        await Assert.That(statuses.GetValueOrDefault(201) + statuses.GetValueOrDefault(200)).IsGreaterThan(0);
        await Assert.That(statuses.GetValueOrDefault(400)).IsGreaterThan(0);
    }
}
