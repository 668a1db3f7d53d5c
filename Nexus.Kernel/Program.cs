using Nexus.Kernel;
using Nexus.Kernel.Cli;
using Nexus.Kernel.Configuration;

// Subcommands (token, healthcheck) run and exit; otherwise serve until SIGTERM/SIGINT.
if (KernelCommands.TryRun(args) is { } exitCode) return exitCode;

KernelOptions options;
try
{
    options = KernelOptionsLoader.FromEnvironment(devMode: args.Contains("--dev"));
}
catch (ConfigurationException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

var app = KernelApplication.Build(options.DevMode ? options with { LogFormat = LogFormat.Console } : options);
await app.RunAsync();
return 0;
