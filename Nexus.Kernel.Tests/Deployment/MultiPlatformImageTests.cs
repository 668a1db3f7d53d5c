using System.Text.Json.Nodes;
using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// Dockerfile.chiseled builds linux/amd64 and linux/arm64 by cross-compiling on the build platform, and the
/// release workflow builds both, pushes, and attaches an SBOM and provenance. Neither can run here (no daemon,
/// no registry): these check their shape; tools/arm64 and Arm64QemuTests prove the cross-build itself.
/// </summary>
internal sealed class MultiPlatformImageTests
{
    private static readonly Lazy<Task<JsonObject>> Dockerfile = new(async () =>
        JsonNode.Parse(await NodeScript.RunAsync(Path.Combine("docker", "inspect.mjs"),
            Path.Combine(RepoPaths.Root, "Dockerfile.chiseled")))!.AsObject());

    private static readonly Lazy<Task<JsonObject>> Workflow = new(async () =>
        JsonNode.Parse(await NodeScript.RunAsync(Path.Combine("docker", "yaml-to-json.mjs"),
            Path.Combine(RepoPaths.Root, ".github", "workflows", "release.yml")))!.AsObject());

    [Test]
    public async Task Every_stage_that_runs_commands_runs_on_the_build_platform_and_only_the_final_stage_is_the_target()
    {
        var inspected = await Dockerfile.Value;
        var instructions = inspected.Objects("instructions").ToList();
        var froms = instructions.Where(i => i.Str("keyword") == "FROM").ToList();
        var stagesWithRun = instructions.Where(i => i.Str("keyword") == "RUN").Select(i => i.Num("stage")).ToHashSet();

        foreach (var from in froms.Where(f => stagesWithRun.Contains(f.Num("stage"))))
        {
            await Assert.That(from.Str("flags", "platform")).IsEqualTo("$BUILDPLATFORM");
        }
        // The final stage takes the target platform's base: no --platform, and no RUN (it has no shell anyway).
        var final = froms[^1];
        await Assert.That(final.Str("flags", "platform")).IsNull();
        await Assert.That(stagesWithRun.Contains(final.Num("stage"))).IsFalse();
    }

    [Test]
    public async Task Build_stage_maps_both_target_architectures_to_runtime_identifiers_and_their_cross_toolchains()
    {
        var inspected = await Dockerfile.Value;
        var build = inspected.Objects("instructions").Where(i => i.Num("stage") == StageIndex(inspected, "build")).ToList();
        var runs = string.Join('\n', build.Where(i => i.Str("keyword") == "RUN").Select(i => i.Str("arguments")));

        await Assert.That(build.Any(i => i.Str("keyword") == "ARG" && i.Str("arguments") == "TARGETARCH")).IsTrue();
        await Assert.That(runs).Contains("amd64) echo linux-x64");
        await Assert.That(runs).Contains("arm64) echo linux-arm64");
        await Assert.That(runs).Contains("-r \"$(cat /tmp/rid)\"");
        // A legacy (non-BuildKit) build has no TARGETARCH: it targets the machine it runs on, never a fixed amd64.
        await Assert.That(runs).DoesNotContain("TARGETARCH:-amd64");
        await Assert.That(runs).Contains("${TARGETARCH:-$(dpkg --print-architecture)}");
        await Assert.That(runs).Contains("gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross");
        await Assert.That(runs).Contains("gcc-x86-64-linux-gnu binutils-x86-64-linux-gnu libc6-dev-amd64-cross");
    }

    [Test]
    public async Task Release_workflow_builds_both_platforms_pushes_and_attaches_sbom_and_provenance()
    {
        var workflow = await Workflow.Value;
        var job = workflow.Obj("jobs", "image");
        var steps = job.Objects("steps").ToList();
        var build = steps.Single(s => s.Str("uses")?.StartsWith("docker/build-push-action@", StringComparison.Ordinal) == true);

        await Assert.That(workflow.At("on", "push", "tags")).IsNotNull();
        await Assert.That(steps.Any(s => s.Str("uses")?.StartsWith("docker/setup-buildx-action@", StringComparison.Ordinal) == true)).IsTrue();
        await Assert.That(build.Str("with", "file")).IsEqualTo("Dockerfile.chiseled");
        await Assert.That(build.Str("with", "platforms")!.Split(',').Order().ToList()).IsEquivalentTo(["linux/amd64", "linux/arm64"]);
        await Assert.That(build.Bool("with", "push")).IsTrue();
        await Assert.That(build.Bool("with", "sbom")).IsTrue();
        await Assert.That(build.Str("with", "provenance")).StartsWith("mode=max");
        // Cross-compiled, not emulated: no QEMU in the pipeline.
        await Assert.That(steps.Any(s => s.Str("uses")?.Contains("setup-qemu", StringComparison.Ordinal) == true)).IsFalse();
        await Assert.That(job.Str("permissions", "packages")).IsEqualTo("write");
        await Assert.That(job.Str("permissions", "id-token")).IsEqualTo("write");
        // Every action pinned to a version, never a branch.
        await Assert.That(steps.Where(s => s.Str("uses") is { } uses && !System.Text.RegularExpressions.Regex.IsMatch(uses, @"@v\d+(\.\d+)*\z|@[0-9a-f]{40}\z"))
            .Select(s => s.Str("uses")).ToList()).IsEmpty();
    }

    private static long StageIndex(JsonObject inspected, string name) =>
        inspected.Objects("stages").Select((s, i) => (s, i)).Single(x => x.s.Str("name") == name).i;
}
