using System.Net;
using System.Text;
using System.Text.Json;
using Nexus.Kernel.Nxml;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Nxml;

/// <summary>
/// Seeded mutations of valid documents (spans cut and doubled, markup fragments and hostile constructs spliced in):
/// the parser throws nothing but <see cref="NxmlException"/>, and the endpoint answers 201 or a 400 problem, never 500.
/// </summary>
public class NxmlFuzzTests
{
    private static readonly string[] Fragments =
    [
        "<", ">", "/>", "&", "&amp;", "&#0;", "]]>", "<![CDATA[", "\"", "'", "<!DOCTYPE x [<!ENTITY e \"e\">]>", "&e;",
        "</Data>", "<Tool name=\"t\">", "<Handler>", "</Handler>", "<State name=\"s\" type=\"list\" default=\"[\"/>",
        "<Lifecycle on=\"mount\">", "<?pi x?>", "<!--", "-->", "\u0001", "\uFFFE", "é", "\n", "{", "return", "await ",
    ];

    internal static string Mutate(Random random, string source)
    {
        var text = new StringBuilder(source);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(3))
            {
                case 0:
                    var length = Math.Min(random.Next(1, 40), text.Length - Math.Min(at, text.Length));
                    text.Remove(Math.Min(at, text.Length), length);
                    break;
                case 1:
                    var from = random.Next(text.Length);
                    text.Insert(at, text.ToString(from, Math.Min(random.Next(1, 60), text.Length - from)));
                    break;
                default:
                    text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
            }
        }
        return text.ToString();
    }

    [Test]
    public async Task The_parser_only_ever_throws_NxmlException()
    {
        var random = new Random(16_2026);
        var refused = 0;
        for (var i = 0; i < 5000; i++)
        {
            var source = Mutate(random, i % 2 == 0 ? NxmlDocuments.Thermostat : NxmlDocuments.ReadingList);
            try
            {
                NxmlParser.Parse(source);
            }
            catch (NxmlException error)
            {
                refused++;
                if (error.Line < 1 || error.Position < 1) throw new InvalidOperationException($"no position for: {source}");
            }
        }
        // Most mutations break the document; some do not. Both kinds must occur, or the fuzzer tests nothing.
        await Assert.That(refused).IsGreaterThan(1000).And.IsLessThan(5000);
    }

    [Test]
    public async Task The_endpoint_answers_201_or_a_400_problem_for_every_mutation()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("fuzz", "panels:read panels:write panels:execute panels:ext");
        var random = new Random(4_16);
        var codes = new Dictionary<string, int>();
        for (var i = 0; i < 200; i++)
        {
            var source = Mutate(random, i % 2 == 0 ? NxmlDocuments.Thermostat : NxmlDocuments.ReadingList);
            using var response = await client.PostAsync("/panels/from-nxml", NxmlApiTests.Body(source));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (response.StatusCode == HttpStatusCode.Created)
            {
                codes["201"] = codes.GetValueOrDefault("201") + 1;
                using var deleted = await client.DeleteAsync($"/panels/{body.GetProperty("id").GetString()}");
                continue;
            }
            await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.BadRequest).Because(source);
            var code = body.GetProperty("code").GetString()!;
            await Assert.That(code).IsIn(["INVALID_NXML", "COMPILATION_ERROR", "INVALID_REQUEST"]).Because(source);
            await Assert.That(body.GetProperty("error").GetString()).IsNotNull();
            codes[code] = codes.GetValueOrDefault(code) + 1;
        }
        await Assert.That(codes.GetValueOrDefault("201")).IsGreaterThan(0);
        await Assert.That(codes.GetValueOrDefault("INVALID_NXML")).IsGreaterThan(0);
    }
}
