using System.Text;
using Nexus.Kernel.Execution.Caching;

namespace Nexus.Kernel.Tests.Execution.Caching;

/// <summary>The seal by itself: each way an artifact or its sidecar can be wrong is rejected with its own reason.</summary>
public class ArtifactSealTests
{
    private const string Key = "module-key-1";
    private static readonly byte[] Artifact = Encoding.ASCII.GetBytes("compiled artifact bytes");

    [Test]
    public async Task The_seal_of_an_artifact_accepts_exactly_that_artifact_under_that_key()
    {
        await Assert.That(ArtifactSeal.Check(Key, ArtifactSeal.Create(Key, Artifact), Read(Artifact))).IsNull();
    }

    [Test]
    public async Task The_same_bytes_under_another_key_fail_the_digest()
    {
        var seal = ArtifactSeal.Create("module-key-2", Artifact);

        await Assert.That(ArtifactSeal.Check(Key, seal, Read(Artifact))).IsEqualTo(CacheRejectReason.Digest);
    }

    [Test]
    public async Task A_flipped_byte_fails_the_digest()
    {
        var seal = ArtifactSeal.Create(Key, Artifact);
        var flipped = (byte[])Artifact.Clone();
        flipped[5] ^= 1;

        await Assert.That(ArtifactSeal.Check(Key, seal, Read(flipped))).IsEqualTo(CacheRejectReason.Digest);
    }

    [Test]
    public async Task A_truncated_or_extended_artifact_fails_on_size()
    {
        var seal = ArtifactSeal.Create(Key, Artifact);

        await Assert.That(ArtifactSeal.Check(Key, seal, Read(Artifact[..^1]))).IsEqualTo(CacheRejectReason.Size);
        await Assert.That(ArtifactSeal.Check(Key, seal, Read([.. Artifact, 0]))).IsEqualTo(CacheRejectReason.Size);
    }

    [Test]
    [Arguments("")]
    [Arguments("nexus-artifact-v1 23")]
    [Arguments("nexus-artifact-v0 23 {digest}")]
    [Arguments("something-else 23 {digest}")]
    [Arguments("nexus-artifact-v1 -23 {digest}")]
    [Arguments("nexus-artifact-v1 23 {digest} extra")]
    public async Task A_malformed_sidecar_or_another_format_is_a_seal_rejection(string template)
    {
        // The real digest, so only the part under test is wrong.
        var digest = ArtifactSeal.Create(Key, Artifact).Trim().Split(' ')[2];

        await Assert.That(ArtifactSeal.Check(Key, template.Replace("{digest}", digest), Read(Artifact))).IsEqualTo(CacheRejectReason.Seal);
    }

    private static MemoryStream Read(byte[] bytes) => new(bytes, writable: false);
}
