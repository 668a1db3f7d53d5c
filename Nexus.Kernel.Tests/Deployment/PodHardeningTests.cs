using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>The pod runs as the restricted Pod Security Standard demands, with secrets referenced, not shipped.</summary>
internal sealed class PodHardeningTests
{
    private const long ChiseledAppUser = 1654;

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Pod_and_container_security_contexts_are_hardened(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var pod = rendered.PodSpec.Obj("securityContext");
        var container = rendered.KernelContainer.Obj("securityContext");

        await Assert.That(pod.Bool("runAsNonRoot")).IsTrue();
        await Assert.That(pod.Num("runAsUser")).IsEqualTo(ChiseledAppUser);
        await Assert.That(pod.Num("runAsGroup")).IsEqualTo(ChiseledAppUser);
        await Assert.That(pod.Str("seccompProfile", "type")).IsEqualTo("RuntimeDefault");
        await Assert.That(container.Bool("runAsNonRoot")).IsTrue();
        await Assert.That(container.Num("runAsUser")).IsEqualTo(ChiseledAppUser);
        await Assert.That(container.Bool("readOnlyRootFilesystem")).IsTrue();
        await Assert.That(container.Bool("allowPrivilegeEscalation")).IsFalse();
        await Assert.That(container.Bool("privileged") ?? false).IsFalse();
        await Assert.That(container.Arr("capabilities", "drop").Select(c => c!.GetValue<string>()).ToList()).IsEquivalentTo(["ALL"]);
        await Assert.That(container.Arr("capabilities", "add").Count).IsEqualTo(0);
        await Assert.That(container.Str("seccompProfile", "type")).IsEqualTo("RuntimeDefault");
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Service_account_token_is_never_mounted(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var account = rendered.Single("ServiceAccount");

        await Assert.That(account.Bool("automountServiceAccountToken")).IsFalse();
        await Assert.That(rendered.PodSpec.Str("serviceAccountName")).IsEqualTo(account.Str("metadata", "name"));
        await Assert.That(rendered.PodSpec.Bool("automountServiceAccountToken")).IsFalse();
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Every_image_is_pinned_by_tag_or_digest_and_never_latest(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var containers = rendered.Objects.SelectMany(o => o.Objects("spec", "template", "spec", "containers")
            .Concat(o.Objects("spec", "template", "spec", "initContainers"))).ToList();

        await Assert.That(containers.Count).IsGreaterThan(0);
        var unpinned = containers.Select(c => c.Str("image") ?? "").Where(image => !IsPinned(image)).ToList();
        await Assert.That(unpinned).IsEmpty();
        await Assert.That(rendered.KernelContainer.Str("imagePullPolicy"))
            .IsEqualTo(EnvironmentExpectation.For(target).ImagePullPolicy);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Secrets_reach_the_pod_as_a_mounted_file_or_through_secretKeyRef_never_as_plain_values(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var expected = EnvironmentExpectation.For(target);
        var secretEnv = rendered.KernelContainer.Objects("env")
            .Where(e => e.At("valueFrom", "secretKeyRef") is not null)
            .ToDictionary(e => e.Str("name")!, e => (Secret: e.Str("valueFrom", "secretKeyRef", "name"), Key: e.Str("valueFrom", "secretKeyRef", "key")));
        var plainSecretEnv = rendered.KernelContainer.Objects("env")
            .Where(e => EnvironmentVariables.Secrets.Contains(e.Str("name")) && e.At("value") is not null).ToList();

        // The JWT key is a file in a read-only Secret volume; JWT_SECRET itself is not in the environment.
        await Assert.That(rendered.KernelContainer.Objects("env").Any(e => e.Str("name") == "JWT_SECRET")).IsFalse();
        var secretFile = rendered.KernelContainer.Objects("env").Single(e => e.Str("name") == "JWT_SECRET_FILE").Str("value")!;
        var mount = rendered.KernelContainer.Objects("volumeMounts").Single(m => secretFile.StartsWith(m.Str("mountPath")! + "/", StringComparison.Ordinal));
        await Assert.That(mount.At("readOnly")?.GetValue<bool>() == true).IsTrue();
        var volume = rendered.PodSpec.Objects("volumes").Single(v => v.Str("name") == mount.Str("name"));
        var secretName = volume.Str("secret", "secretName");
        await Assert.That(secretName).StartsWith("nexus-kernel-secrets"); // dev's generated Secret carries a hash suffix
        var item = volume.Objects("secret", "items").Single();
        await Assert.That(item.Str("key")).IsEqualTo("JWT_SECRET");
        await Assert.That(mount.Str("mountPath") + "/" + item.Str("path")).IsEqualTo(secretFile);
        await Assert.That(secretEnv.ContainsKey("REDIS_URL")).IsEqualTo(expected.PanelStore == "redis");
        await Assert.That(plainSecretEnv).IsEmpty();

        // Only dev ships a Secret, and it must be the one the pod references and say it is insecure.
        var secrets = rendered.OfKind("Secret").ToList();
        await Assert.That(secrets.Count).IsEqualTo(expected.ShipsInsecureDevSecret ? 1 : 0);
        foreach (var secret in secrets)
        {
            await Assert.That(secret.Str("metadata", "name")).IsEqualTo(secretName);
            await Assert.That(secret.Str("metadata", "annotations", "nexus.dev/insecure") ?? "").StartsWith("true");
            var jwt = Convert.FromBase64String(secret.Str("data", "JWT_SECRET")!);
            await Assert.That(jwt.Length).IsGreaterThanOrEqualTo(32);
            await Assert.That(System.Text.Encoding.UTF8.GetString(jwt)).StartsWith("INSECURE");
        }
    }

    private static bool IsPinned(string image)
    {
        if (image.Contains("@sha256:", StringComparison.Ordinal)) return true;
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon > 0 && image[(colon + 1)..] is { Length: > 0 } tag && tag != "latest";
    }
}
