using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Auth;

/// <summary>
/// Random mutations of a valid token (characters flipped, cut, segments swapped or dropped, header and payload
/// rewritten and re-signed with odd claim types and values): always 200, 401 or 403 with problem details, never a
/// 5xx; a token changed after signing and not re-signed is never accepted unless it decodes to the same bytes.
/// </summary>
public class TokenFuzzTests
{
    private static readonly string[] OddClaims =
    [
        "\"exp\":\"soon\"", "\"exp\":1e300", "\"exp\":-1", "\"exp\":99999999999999999999", "\"exp\":null", "\"exp\":[1]",
        "\"iat\":\"x\"", "\"iat\":1e300", "\"nbf\":{}", "\"sub\":123", "\"sub\":{\"a\":1}", "\"sub\":\"\"", "\"scope\":7",
        "\"permissions\":\"panels:read\"", "\"permissions\":[1,null,{}]", "\"sub\":\"\\ud800\"", "\"aud\":[]", "\"iss\":null",
    ];

    [Test]
    public async Task Mutated_tokens_are_refused_cleanly_and_never_get_a_5xx()
    {
        var seed = Fuzz.SeedFromEnvironment(15_003);
        var cases = Fuzz.CasesFromEnvironment(300);
        var fuzz = new Fuzz(seed);
        var random = fuzz.Random;
        await using var kernel = await TestKernel.StartAsync();
        var valid = kernel.Token("tf");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        for (var i = 0; i < cases; i++)
        {
            var because = $"seed {seed}, case {i}";
            string token;
            var resigned = random.Next(3) == 0;
            if (resigned)
            {
                var claims = new List<string> { "\"sub\":\"tf\"", $"\"exp\":{now + 600}", "\"scope\":\"panels:read\"" };
                for (var c = random.Next(1, 4); c > 0; c--) claims.Add(fuzz.Pick(OddClaims));
                if (random.Next(4) == 0) claims.Add("\"deep\":" + HostileJson.Nested(random.Next(60, 200)));
                var header = fuzz.Pick(["""{"alg":"HS256","typ":"JWT"}""", """{"alg":"HS256","alg":"none"}""", """{"alg":"hs256"}""", """{"alg":"HS256","crit":["x"]}""", """{"alg":"HS256","kid":"../../etc/passwd"}""", "{}", "[]"]);
                token = Jwt.Hs256("{" + string.Join(",", claims) + "}", headerJson: header);
            }
            else
            {
                token = Mutate(valid, random);
            }

            using var client = kernel.Client(token);
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync("/panels");
            }
            catch (InvalidOperationException)
            {
                continue; // HttpClient refused to send this header value (e.g. a newline); nothing reached the kernel
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                await Assert.That(status is 200 or 401 or 403).IsTrue().Because($"{because}: {status} {text}");
                if (status != 200) await Assert.That(response.Content.Headers.ContentType?.MediaType).IsEqualTo("application/problem+json").Because(because);
                if (status == 200 && !resigned) await Assert.That(SameBytes(token, valid)).IsTrue().Because($"{because}: a tampered token was accepted: {token}");
            }
        }
        using var health = await kernel.Http.GetAsync("/health");
        await Assert.That((int)health.StatusCode).IsEqualTo(200);
        Fuzz.Report("jwt mutations", cases, seed);
    }

    private static string Mutate(string token, Random random)
    {
        var chars = token.ToCharArray().ToList();
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                case 1: chars.RemoveRange(at, chars.Count - at); break;
                case 2: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                default:
                    var parts = new string([.. chars]).Split('.');
                    if (parts.Length == 3) chars = [.. $"{parts[1]}.{parts[0]}.{parts[2]}"];
                    break;
            }
            if (chars.Count == 0) chars.Add('x');
        }
        return new string([.. chars]).Trim();
    }

    /// <summary>Base64url has spare bits in its last character: a flip there can decode to the very same token.</summary>
    private static bool SameBytes(string a, string b)
    {
        var left = a.Split('.');
        var right = b.Split('.');
        return left.Length == 3 && right.Length == 3 && Enumerable.Range(0, 3).All(i => Decode(left[i]) is { } l && Decode(right[i]) is { } r && l.SequenceEqual(r));
    }

    private static byte[]? Decode(string segment)
    {
        var text = segment.Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
