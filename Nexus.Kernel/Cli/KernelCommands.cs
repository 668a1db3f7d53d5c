using System.CommandLine;
using System.Globalization;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Cli;

/// <summary>
/// <c>nexus-kernel token --sub NAME --scope "..." [--ttl 1h]</c> prints a token signed with JWT_SECRET;
/// <c>nexus-kernel healthcheck</c> exits 0 when <c>/health</c> on HTTP_PORT answers 200 (the image's HEALTHCHECK).
/// Parsing, usage and <c>--help</c>/<c>-h</c> on every command come from System.CommandLine (trim and AOT safe).
/// Anything else (no arguments, <c>--dev</c>) is not a subcommand: the kernel serves.
/// </summary>
internal static class KernelCommands
{
    private static readonly string[] Entries = ["token", "healthcheck", "--help", "-h", "-?", "help", "--version"];

    public static int? TryRun(string[] args) => TryRun(args, Console.Out, Console.Error);

    internal static int? TryRun(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || !Entries.Contains(args[0])) return null;
        if (args[0] == "help") args = ["--help"];
        var parsed = Root(output, error).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors) error.WriteLine($"{parsed.CommandResult.Command.Name}: {problem.Message}");
            error.WriteLine($"see: nexus-kernel {(parsed.CommandResult.Command is RootCommand ? "" : parsed.CommandResult.Command.Name + " ")}--help");
            return 2;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static RootCommand Root(TextWriter output, TextWriter error)
    {
        var sub = new Option<string>("--sub") { Description = "the token's subject (panels belong to it)", Required = true };
        var scope = new Option<string>("--scope")
        {
            Description = "space-separated scopes: panels:read panels:write panels:execute panels:ext panels:admin",
            Required = true,
        };
        var ttl = new Option<string>("--ttl") { Description = "lifetime such as 90s, 15m, 1h or 7d (at most JWT_MAX_TTL_S)", DefaultValueFactory = _ => "1h" };
        var token = new Command("token", "print an HS256 token signed with JWT_SECRET") { sub, scope, ttl };
        token.SetAction(parse => Token(parse.GetValue(sub)!, parse.GetValue(scope)!, parse.GetValue(ttl)!, output, error));

        var healthcheck = new Command("healthcheck", "exit 0 when /health on HTTP_PORT answers 200, else 1 (the image's HEALTHCHECK)");
        healthcheck.SetAction(_ => Healthcheck(error));

        return new RootCommand("""
            Nexus Kernel. Without a subcommand it serves: configuration from environment variables (see README);
            --dev serves with a generated secret, a printed token and a demo panel.
            """) { token, healthcheck };
    }

    private static int Token(string sub, string scope, string ttlText, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(sub)) return Usage(error, "--sub must not be empty");
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0) return Usage(error, "--scope needs at least one scope, e.g. \"panels:read panels:write panels:execute\"");
        if (ParseDuration(ttlText) is not { } ttl) return Usage(error, $"--ttl '{ttlText}' is not a duration such as 90s, 15m, 1h or 7d");

        KernelOptions options;
        try
        {
            options = KernelOptionsLoader.FromEnvironment();
        }
        catch (ConfigurationException problem)
        {
            error.WriteLine(problem.Message);
            return 2;
        }
        if (options.Auth.JwtSecret.Length == 0) return Usage(error, "JWT_SECRET is not set (AUTH_ENABLED=false needs no token)");
        if (ttl > options.Auth.JwtMaxTtl) return Usage(error, $"--ttl {ttlText} is longer than JWT_MAX_TTL_S ({options.Auth.JwtMaxTtl.TotalSeconds:0} s)");

        output.WriteLine(TokenIssuer.Issue(options.Auth, sub, scopes, ttl));
        return 0;
    }

    private static int Healthcheck(TextWriter error)
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("HTTP_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 3000;
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = client.GetAsync($"http://127.0.0.1:{port}/health").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception problem) when (problem is HttpRequestException or TaskCanceledException)
        {
            error.WriteLine($"healthcheck: {problem.Message}");
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

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"token: {problem}");
        error.WriteLine("see: nexus-kernel token --help");
        return 2;
    }
}
