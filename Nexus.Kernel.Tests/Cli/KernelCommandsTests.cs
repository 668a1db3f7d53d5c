using Nexus.Kernel.Cli;

namespace Nexus.Kernel.Tests.Cli;

/// <summary>The subcommands' parsing and usage, run in-process with their output captured.</summary>
public class KernelCommandsTests
{
    private static (int? Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = KernelCommands.TryRun(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    [Arguments("token", "--help")]
    [Arguments("token", "-h")]
    [Arguments("healthcheck", "--help")]
    [Arguments("healthcheck", "-h")]
    public async Task Every_subcommand_prints_its_usage_for_help(string command, string help)
    {
        var (exit, output, error) = Run(command, help);
        await Assert.That(exit).IsEqualTo(0);
        await Assert.That(error).IsEmpty();
        await Assert.That(output).Contains("Usage:").And.Contains(command);
        if (command == "token") await Assert.That(output).Contains("--scope").And.Contains("--sub").And.Contains("--ttl");
    }

    [Test]
    [Arguments("--help")]
    [Arguments("-h")]
    [Arguments("help")]
    public async Task The_top_level_help_lists_the_subcommands(string help)
    {
        var (exit, output, _) = Run(help);
        await Assert.That(exit).IsEqualTo(0);
        await Assert.That(output).Contains("token").And.Contains("healthcheck").And.Contains("--dev");
    }

    [Test]
    public async Task A_token_without_scope_is_a_clear_usage_error_not_a_useless_token()
    {
        var (exit, output, error) = Run("token", "--sub", "bob");
        await Assert.That(exit).IsEqualTo(2);
        await Assert.That(output).IsEmpty();
        await Assert.That(error).Contains("--scope").And.Contains("required");
    }

    [Test]
    [Arguments("--scope", "", "at least one scope")]
    [Arguments("--ttl", "soon", "not a duration")]
    [Arguments("--color", "red", "color")]
    public async Task Bad_token_options_are_usage_errors(string option, string value, string message)
    {
        string[] args = option == "--scope" ? ["token", "--sub", "bob", option, value] : ["token", "--sub", "bob", "--scope", "panels:read", option, value];
        var (exit, output, error) = Run(args);
        await Assert.That(exit).IsEqualTo(2);
        await Assert.That(output).IsEmpty();
        await Assert.That(error).Contains(message);
    }

    [Test]
    [Arguments]
    [Arguments("--dev")]
    public async Task Without_a_subcommand_the_kernel_serves(params string[] args)
    {
        await Assert.That(KernelCommands.TryRun(args, TextWriter.Null, TextWriter.Null)).IsNull();
    }
}
