using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// Dockerfile.chiseled, linted by dockerfilelint and parsed by dockerfile-ast (tools/docker/inspect.mjs), holds
/// the image contract of docs/deployment.md. No daemon can build it here; the bubblewrap tests run its result's contract.
/// </summary>
internal sealed partial class DockerfileTests
{
    private const string ChiseledBase = "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled";

    private static readonly Lazy<Task<JsonObject>> Inspected = new(async () =>
        JsonNode.Parse(await NodeScript.RunAsync(Path.Combine("docker", "inspect.mjs"),
            Path.Combine(RepoPaths.Root, "Dockerfile.chiseled")))!.AsObject());

    [Test]
    public async Task Dockerfilelint_finds_no_issue()
    {
        var inspected = await Inspected.Value;

        await Assert.That(inspected.Arr("lint", "issues").ToJsonString()).IsEqualTo("[]");
        await Assert.That(inspected.Num("lint", "exitCode")).IsEqualTo(0L);
    }

    [Test]
    public async Task Every_base_image_is_a_build_argument_with_a_pinned_default()
    {
        var inspected = await Inspected.Value;
        var globalArgs = GlobalArgDefaults(inspected);
        var stageNames = inspected.Objects("stages").Select(s => s.Str("name")).ToHashSet();

        foreach (var stage in inspected.Objects("stages"))
        {
            var image = stage.Str("image")!;
            if (stageNames.Contains(image)) continue; // FROM an earlier stage
            var match = ArgReference().Match(image);
            await Assert.That(match.Success).IsTrue();
            await Assert.That(globalArgs.TryGetValue(match.Groups[1].Value, out var defaultImage)).IsTrue();
            var tag = defaultImage!.Contains('@') ? "digest" : defaultImage.Split('/')[^1].Split(':').ElementAtOrDefault(1);
            await Assert.That(tag is { Length: > 0 } && tag != "latest").IsTrue();
        }
    }

    [Test]
    public async Task Final_stage_is_the_chiseled_runtime_deps_base_running_as_numeric_non_root()
    {
        var inspected = await Inspected.Value;
        var finalStage = inspected.Objects("stages").Count() - 1;
        var final = Instructions(inspected).Where(i => i.Stage == finalStage).ToList();
        var from = final.Single(i => i.Keyword == "FROM");
        var baseArg = ArgReference().Match(from.Arguments).Groups[1].Value;

        await Assert.That(GlobalArgDefaults(inspected)[baseArg]).IsEqualTo(ChiseledBase);
        var users = final.Where(i => i.Keyword == "USER").ToList();
        await Assert.That(users.Count).IsEqualTo(1);
        var userAndGroup = users[0].Arguments.Split(':');
        await Assert.That(userAndGroup.All(part => long.TryParse(part, out var id) && id > 0)).IsTrue();
        await Assert.That(long.Parse(userAndGroup[0])).IsEqualTo(1654L);
        // Nothing runs in the final stage: the chiseled base has no shell to run it with.
        await Assert.That(final.Where(i => i.Keyword == "RUN").ToList()).IsEmpty();
    }

    [Test]
    public async Task Final_stage_ships_only_the_binary_and_libwasmtime()
    {
        var inspected = await Inspected.Value;
        var finalStage = inspected.Objects("stages").Count() - 1;
        var copies = Instructions(inspected).Where(i => i.Stage == finalStage && i.Keyword is "COPY" or "ADD").ToList();

        var sources = copies.SelectMany(c => c.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .Select(s => Path.GetFileName(s)!).Order().ToList();
        await Assert.That(sources).IsEquivalentTo(["libwasmtime.so", "nexus-kernel"]);
        await Assert.That(copies.All(c => c.Flags.ContainsKey("from"))).IsTrue();
    }

    [Test]
    public async Task Entrypoint_exec_form_ports_and_healthcheck_match_the_contract()
    {
        var inspected = await Inspected.Value;
        var finalStage = inspected.Objects("stages").Count() - 1;
        var final = Instructions(inspected).Where(i => i.Stage == finalStage).ToList();

        var entrypoint = JsonSerializer.Deserialize<string[]>(final.Single(i => i.Keyword == "ENTRYPOINT").Arguments);
        await Assert.That(entrypoint).IsEquivalentTo(["/app/nexus-kernel"]);
        var exposed = final.Where(i => i.Keyword == "EXPOSE")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Order().ToList();
        await Assert.That(exposed).IsEquivalentTo(["3000", "3001", "9464"]);
        var healthcheck = final.Single(i => i.Keyword == "HEALTHCHECK").Arguments;
        await Assert.That(healthcheck).StartsWith("CMD ");
        var command = JsonSerializer.Deserialize<string[]>(healthcheck["CMD ".Length..]);
        await Assert.That(command).IsEquivalentTo(["/app/nexus-kernel", "healthcheck"]);
    }

    [Test]
    public async Task Every_download_in_the_build_is_pinned_by_checksum()
    {
        var inspected = await Inspected.Value;
        var all = Instructions(inspected).ToList();
        var globalArgs = GlobalArgDefaults(inspected);
        var stageArgs = all.Where(i => i.Keyword == "ARG").Select(i => i.Arguments.Split('=', 2))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

        // Remote ADDs carry --checksum; fetchers that verify nothing are banned outright.
        foreach (var add in all.Where(i => i.Keyword == "ADD"))
        {
            var source = Expand(add.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], stageArgs);
            if (!source.Contains("://", StringComparison.Ordinal)) continue;
            await Assert.That(Expand(add.Flags.GetValueOrDefault("checksum") ?? "", stageArgs)).Matches("^sha256:[0-9a-f]{64}$");
        }
        var unverifiedFetches = all.Where(i => i.Keyword == "RUN" && UnverifiedFetch().IsMatch(i.Arguments)).Select(i => i.Line).ToList();
        await Assert.That(unverifiedFetches).IsEmpty();
        // npm, if used, only installs what a lock file pins by integrity hash.
        var npmInstalls = all.Where(i => i.Keyword == "RUN" && NpmInstall().IsMatch(i.Arguments)).Select(i => i.Line).ToList();
        await Assert.That(npmInstalls).IsEmpty();
        await Assert.That(globalArgs.Count).IsGreaterThan(0);
    }

    [Test]
    public async Task Quickjs_comes_from_npm_ci_of_the_kernel_builds_own_lock_file()
    {
        var all = Instructions(await Inspected.Value).ToList();
        // A stage copies build/quickjs's package.json and package-lock.json and runs `npm ci` (exact version,
        // integrity-checked); the build stage takes node_modules from it. No URL, no tarball, no second pin to drift.
        var copiesLock = all.Any(i => i.Keyword == "COPY" && i.Arguments.Contains("build/quickjs/package-lock.json", StringComparison.Ordinal));
        var runsNpmCi = all.Any(i => i.Keyword == "RUN" && i.Arguments.Contains("npm ci", StringComparison.Ordinal));
        var takesModules = all.Any(i => i.Keyword == "COPY" && i.Flags.ContainsKey("from") && i.Arguments.Contains("build/quickjs/node_modules", StringComparison.Ordinal));
        var lockFile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "build", "quickjs", "package-lock.json")));

        await Assert.That(copiesLock).IsTrue();
        await Assert.That(runsNpmCi).IsTrue();
        await Assert.That(takesModules).IsTrue();
        await Assert.That(lockFile.Str("packages", "node_modules/quickjs-wasi", "integrity")).StartsWith("sha512-");
    }

    [Test]
    public async Task Every_build_file_the_kernel_project_imports_is_copied_into_the_build()
    {
        // The restore evaluates the project, and a missing import fails it: each ../build/*.targets the project
        // imports (and the hot-method order Layout.targets reads) must be in a COPY of the build stage.
        var project = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "Nexus.Kernel", "Nexus.Kernel.csproj"));
        var imports = ImportedBuildFile().Matches(project).Select(m => "build/" + m.Groups[1].Value).ToList();
        var copies = Instructions(await Inspected.Value).Where(i => i.Keyword == "COPY").Select(i => i.Arguments).ToList();

        await Assert.That(imports).Contains("build/Layout.targets");
        foreach (var file in imports.Append("build/layout/hot-methods.order"))
        {
            await Assert.That(copies.Any(c => c.Contains(file, StringComparison.Ordinal))).IsTrue().Because($"{file} is not copied");
        }
    }

    [GeneratedRegex("""<Import Project="\.\./build/([^"]+)"\s*/>""")]
    private static partial Regex ImportedBuildFile();

    [Test]
    public async Task Dockerignore_keeps_build_outputs_and_secrets_of_the_workspace_out_of_the_context()
    {
        var patterns = (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Root, ".dockerignore")))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();

        string[] required = ["**/bin/", "**/obj/", "**/node_modules/", "artifacts/", ".git/", ".tools/"];
        await Assert.That(required.Where(r => !patterns.Contains(r)).ToList()).IsEmpty();
    }

    private sealed record Instruction(int Stage, string Keyword, string Arguments, IReadOnlyDictionary<string, string> Flags, long Line);

    private static IEnumerable<Instruction> Instructions(JsonObject inspected) =>
        inspected.Objects("instructions").Select(i => new Instruction((int)i.Num("stage")!.Value, i.Str("keyword")!,
            i.Str("arguments")!, i.StringMap("flags"), i.Num("line")!.Value));

    private static Dictionary<string, string> GlobalArgDefaults(JsonObject inspected) =>
        Instructions(inspected).Where(i => i.Stage == -1 && i.Keyword == "ARG")
            .Select(i => i.Arguments.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

    private static string Expand(string value, IReadOnlyDictionary<string, string> args) =>
        ArgReference().Replace(value, m => args.GetValueOrDefault(m.Groups[1].Value) ?? m.Value);

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex ArgReference();

    [GeneratedRegex(@"\b(curl|wget|git\s+clone)\b")]
    private static partial Regex UnverifiedFetch();

    [GeneratedRegex(@"\bnpm\s+(install|i)\b")]
    private static partial Regex NpmInstall();
}
