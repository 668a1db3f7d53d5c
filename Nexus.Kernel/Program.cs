using Nexus.Kernel;
using Nexus.Kernel.Cli;
using Nexus.Kernel.Configuration;

// Subcommands (token, healthcheck) run and exit; otherwise serve until SIGTERM/SIGINT.
if (KernelCommands.TryRun(args) is { } exitCode) return exitCode;

KernelOptions options;
try
{
    options = KernelOptionsLoader.FromEnvironment(devMode: args.Contains("--dev"));
    // Only the serving process: the in-process test host and the CLI commands run without the pod's limit.
    MemoryBudget.Check(options, MemoryBudget.ReadCgroupLimitBytes(options.MemoryCgroupDir));
}
catch (ConfigurationException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

var app = KernelApplication.Build(options.DevMode ? options with { Logging = options.Logging with { LogFormat = LogFormat.Console } } : options);
await app.RunAsync();
return 0;
