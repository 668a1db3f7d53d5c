using Microsoft.Playwright;
using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.WebConsole;

/// <summary>
/// Debian's Chromium (tools/bootstrap.sh installs it) driven by Playwright, never a downloaded browser. Only
/// loopback: the resolver rule keeps Chromium from looking anything up itself.
/// </summary>
internal static class ConsoleBrowser
{
    public const string Executable = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: run tools/bootstrap.sh (apt-get install chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        });
        return (playwright, browser);
    }

    /// <summary>Screenshots are kept as test artifacts (git-ignored) for a person to look at.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(RepoPaths.Artifacts, "console");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
