using System.Globalization;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Cli;

/// <summary>
/// <c>nexus-kernel token --sub NAME --scope "..." [--ttl 1h]</c> prints a token signed with JWT_SECRET;
/// <c>nexus-kernel healthcheck</c> exits 0 when <c>/health</c> on HTTP_PORT answers 200 (the image's HEALTHCHECK).
/// </summary>
internal static class KernelCommands
{
    public static int? TryRun(string[] args) => args.FirstOrDefault() switch
    {
        "token" => Token(args[1..]),
        "healthcheck" => Healthcheck(),
        "--help" or "-h" or "help" => Help(),
        _ => null,
    };

    private static int Token(string[] args)
    {
        string? sub = null, scope = null, ttlText = "1h";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sub": sub = args[i + 1]; break;
                case "--scope": scope = args[i + 1]; break;
                case "--ttl": ttlText = args[i + 1]; break;
                default: return Usage($"unknown option {args[i]}");
            }
        }
        if (args.Length % 2 != 0) return Usage($"option {args[^1]} needs a value");
        if (string.IsNullOrWhiteSpace(sub)) return Usage("--sub is required");
        if (ParseDuration(ttlText) is not { } ttl) return Usage($"--ttl '{ttlText}' is not a duration such as 90s, 15m, 1h or 7d");

        KernelOptions options;
        try
        {
            options = KernelOptionsLoader.FromEnvironment();
        }
        catch (ConfigurationException error)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }
        if (options.JwtSecret.Length == 0) return Usage("JWT_SECRET is not set (AUTH_ENABLED=false needs no token)");
        if (ttl > options.JwtMaxTtl) return Usage($"--ttl {ttlText} is longer than JWT_MAX_TTL_S ({options.JwtMaxTtl.TotalSeconds:0} s)");

        var scopes = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Console.Out.WriteLine(TokenIssuer.Issue(options, sub, scopes, ttl));
        return 0;
    }

    private static int Healthcheck()
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("HTTP_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 3000;
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = client.GetAsync($"http://127.0.0.1:{port}/health").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"healthcheck: {error.Message}");
            return 1;
        }
    }

    internal static TimeSpan? ParseDuration(string text)
    {
        if (text.Length < 2) return null;
        var unit = text[^1];
        if (!int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0) return null;
        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
    }

    private static int Help()
    {
        Console.Out.WriteLine("""
            nexus-kernel                 serve (configuration from environment variables; see README)
            nexus-kernel --dev           serve with a generated secret, a printed token and a demo panel
            nexus-kernel token --sub NAME --scope "panels:read panels:write ..." [--ttl 1h]
            nexus-kernel healthcheck     exit 0 when /health on HTTP_PORT answers
            """);
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"token: {problem}");
        Console.Error.WriteLine("usage: nexus-kernel token --sub NAME --scope \"panels:read ...\" [--ttl 1h]");
        return 2;
    }
}
