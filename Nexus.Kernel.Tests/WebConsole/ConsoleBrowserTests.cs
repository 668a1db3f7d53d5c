using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nexus.Kernel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Nexus.Kernel.Tests.WebConsole;

/// <summary>
/// The console in a real headless Chromium against the real kernel: everything it does goes through the public API
/// and the WebSocket with the token handed over in the URL's fragment. One browser per test (~0.7 s, ~640 MB), so
/// these tests are few and never run beside each other.
/// </summary>
[NotInParallel("browser")]
internal sealed class ConsoleBrowserTests
{
    private const string Handler = "$state.count = ($state.count ?? 0) + ($args.by ?? 1);\n$emit('counted', { count: $state.count });\nreturn $state.count;";

    static ConsoleBrowserTests() => SetDefaultExpectTimeout(30_000); // a busy 2-core machine; the bound is one-sided

    [Test]
    public async Task Panel_created_and_triggered_in_the_page_shows_the_patch_another_client_causes()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["CONSOLE_ENABLED"] = "true" });
        var (playwright, browser) = await ConsoleBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var pageErrors = new List<string>();
        // The one failed request the test causes on purpose is the 400 COMPILATION_ERROR below.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 400", StringComparison.Ordinal)) pageErrors.Add(message.Text);
        };
        page.PageError += (_, error) => pageErrors.Add(error);

        await page.GotoAsync($"http://127.0.0.1:{kernel.HttpPort}/console#token={kernel.Token("alice")}");
        await Expect(page.Locator("#status")).ToContainTextAsync("Signed in");
        await Assert.That(page.Url).DoesNotContain("token"); // taken from the fragment, then dropped from the address bar

        // A handler that does not parse: the kernel's COMPILATION_ERROR is shown at its line.
        await page.Locator("#create summary").ClickAsync();
        await page.FillAsync("#new-id", "browser");
        await page.FillAsync("#new-handler", "const a = 1;\nconst = 2;\nreturn a;");
        await page.ClickAsync("#create-form button[type=submit]");
        await Expect(page.Locator("#create-error")).ToContainTextAsync("COMPILATION_ERROR at line 2");
        await Expect(page.Locator("#new-gutter .error-line")).ToHaveTextAsync("2");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ConsoleBrowser.ScreenshotPath("console-compilation-error.png") });

        await page.FillAsync("#new-handler", Handler);
        await page.ClickAsync("#create-form button[type=submit]");
        await Expect(page.Locator("#panel-title")).ToHaveTextAsync("browser");
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await Expect(page.Locator("#panel-list [data-panel=browser]")).ToBeVisibleAsync();

        // A tool run from the page, from the keyboard (Ctrl+Enter in its arguments): its ExecutionResult, and the state tree follows.
        await page.FillAsync("#args-run", """{"by": 2}""");
        await page.FocusAsync("#args-run");
        await page.Keyboard.PressAsync("Control+Enter");
        var result = page.Locator("form[data-tool=run] .result");
        await Expect(result).ToContainTextAsync("status: success");
        await Expect(result).ToContainTextAsync("set count = 2");
        await Expect(result).ToContainTextAsync("counted {\"count\":2}");
        var count = page.Locator("#state-tree li[data-key=count] .v");
        await Expect(count).ToHaveTextAsync("2");

        // Another client changes the state: the page hears the PATCH on its WebSocket.
        using var other = kernel.ClientFor("alice");
        using var triggered = await other.PostAsync("/panels/browser/trigger/run", HttpAssertions.JsonContent("""{"args":{"by":40}}"""));
        await Assert.That(triggered.StatusCode).IsEqualTo(HttpStatusCode.OK);
        var version = (await (await other.GetAsync("/panels/browser")).JsonAsync()).GetProperty("version").GetInt64();
        await Expect(count).ToHaveTextAsync("42");
        await Expect(page.Locator("#version")).ToHaveTextAsync(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#panel-list [data-panel=browser] .v")).ToHaveTextAsync($"v{version}");
        await Expect(page.Locator("#state-tree li[data-key=count]")).ToHaveClassAsync(new Regex("changed"));
        await Expect(page.Locator("#events li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#chart .legend")).ToContainTextAsync("patches 2");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ConsoleBrowser.ScreenshotPath("console-1280x800.png") });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ConsoleBrowser.ScreenshotPath("console-390-phone.png"), FullPage = true });
        await Assert.That(pageErrors).IsEmpty(); // a CSP violation or a script error would be reported here
    }
}
