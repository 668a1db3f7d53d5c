using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>The generated ConfigMap only sets variables the binary reads (README "Configuration"), and never a secret.</summary>
internal sealed class ConfigMapTests
{
    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Keys_are_known_variables_and_none_is_a_secret(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var keys = rendered.Config.Keys.ToList();

        await Assert.That(keys.Where(k => !EnvironmentVariables.All.Contains(k)).ToList()).IsEmpty();
        await Assert.That(keys.Where(k => EnvironmentVariables.Secrets.Contains(k)).ToList()).IsEmpty();
        await Assert.That(keys.Count).IsGreaterThan(0);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Pod_reads_the_rendered_ConfigMap_and_the_environment_specific_values(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var configMapName = rendered.Single("ConfigMap").Str("metadata", "name");
        var envFrom = rendered.KernelContainer.Objects("envFrom").Select(e => e.Str("configMapRef", "name")).ToList();
        var config = rendered.Config;

        await Assert.That(envFrom).Contains(configMapName);
        await Assert.That(config["PANEL_STORE"]).IsEqualTo(EnvironmentExpectation.For(target).PanelStore);
        await Assert.That(config["LOG_LEVEL"]).IsEqualTo(target == "dev" ? "debug" : "info");
        await Assert.That(config["AUTH_ENABLED"]).IsEqualTo("true");
        // The ports the Deployment declares are the ones the kernel is told to listen on.
        await Assert.That(config["HTTP_PORT"]).IsEqualTo("3000");
        await Assert.That(config["WS_PORT"]).IsEqualTo("3001");
        await Assert.That(config["METRICS_PORT"]).IsEqualTo("9464");
    }
}
