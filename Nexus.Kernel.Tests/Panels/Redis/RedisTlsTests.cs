using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>
/// An external Redis as a managed service is usually reached: rediss:// (TLS) with a certificate from a private
/// CA (REDIS_TLS_CA_FILE) and the password from a mounted file (REDIS_PASSWORD_FILE). Debian's redis-server with
/// --tls-port and certificates made here.
/// </summary>
public class RedisTlsTests
{
    [Test]
    public async Task Rediss_with_a_private_ca_and_a_password_file_serves_panels()
    {
        var dir = Directory.CreateTempSubdirectory("nexus-redis-tls-").FullName;
        var (caFile, certFile, keyFile) = MakeCertificates(dir);
        const string password = "tls-and-a-password";
        var passwordFile = Path.Combine(dir, "password");
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        await using var server = await RedisServer.StartAsync(password: password, tls: (certFile, keyFile));

        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["PANEL_STORE"] = "redis",
            ["REDIS_URL"] = $"rediss://127.0.0.1:{server.Port}",
            ["REDIS_PASSWORD_FILE"] = passwordFile,
            ["REDIS_TLS_CA_FILE"] = caFile,
        });
        using var client = kernel.ClientFor("alice");

        await Eventually.TrueAsync(async () => (await kernel.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready 200");
        using var created = await client.PostAsync("/panels", JsonContent("""{"id":"over-tls","kind":"k","tools":[]}"""));
        await created.JsonAsync(HttpStatusCode.Created);
    }

    private static (string Ca, string Cert, string Key) MakeCertificates(string dir)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=nexus-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serverCert = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);

        var paths = (Path.Combine(dir, "ca.pem"), Path.Combine(dir, "server.pem"), Path.Combine(dir, "server.key"));
        File.WriteAllText(paths.Item1, ca.ExportCertificatePem());
        File.WriteAllText(paths.Item2, serverCert.ExportCertificatePem());
        File.WriteAllText(paths.Item3, serverKey.ExportPkcs8PrivateKeyPem());
        return paths;
    }
}
