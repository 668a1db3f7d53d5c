using System.Text;
using Microsoft.Extensions.Configuration;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Tests.Configuration;

/// <summary>JWT_SECRET and REDIS_PASSWORD from a variable or from a mounted file, never both.</summary>
public class SecretSourcesTests
{
    private const string FileSecret = "a-secret-from-a-mounted-file-of-40-bytes";

    private static KernelOptions Load(Dictionary<string, string?> values) =>
        KernelOptionsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    private static string ErrorOf(Dictionary<string, string?> values)
    {
        try
        {
            Load(values);
        }
        catch (ConfigurationException error)
        {
            return error.Message;
        }
        throw new InvalidOperationException("expected a configuration error");
    }

    private static string SecretFile(string content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("nexus-secret-").FullName, "secret");
        File.WriteAllText(path, content);
        return path;
    }

    [Test]
    public async Task Jwt_secret_is_read_from_the_file_without_its_trailing_newline()
    {
        var options = Load(new() { ["JWT_SECRET_FILE"] = SecretFile(FileSecret + "\n") });

        await Assert.That(Encoding.UTF8.GetString(options.Auth.JwtSecret)).IsEqualTo(FileSecret);
    }

    [Test]
    public async Task Jwt_secret_from_a_file_follows_the_same_length_rule()
    {
        var error = ErrorOf(new() { ["JWT_SECRET_FILE"] = SecretFile(new string('k', 31)) });

        await Assert.That(error).IsEqualTo("invalid configuration: JWT_SECRET=(secret, not shown): must be at least 32 bytes");
        await Assert.That(Load(new() { ["JWT_SECRET_FILE"] = SecretFile(new string('k', 32)) }).Auth.JwtSecret.Length).IsEqualTo(32);
    }

    [Test]
    public async Task The_variable_still_works_alone()
    {
        var options = Load(new() { ["JWT_SECRET"] = FileSecret, ["REDIS_PASSWORD"] = "pw" });

        await Assert.That(Encoding.UTF8.GetString(options.Auth.JwtSecret)).IsEqualTo(FileSecret);
        await Assert.That(options.Redis.RedisPassword).IsEqualTo("pw");
    }

    [Test]
    public async Task Both_the_variable_and_the_file_is_one_clear_error()
    {
        var jwt = ErrorOf(new() { ["JWT_SECRET"] = FileSecret, ["JWT_SECRET_FILE"] = SecretFile(FileSecret) });
        var redis = ErrorOf(new() { ["JWT_SECRET"] = FileSecret, ["REDIS_PASSWORD"] = "pw", ["REDIS_PASSWORD_FILE"] = SecretFile("pw") });

        await Assert.That(jwt).IsEqualTo("invalid configuration: JWT_SECRET and JWT_SECRET_FILE are both set: set one of them");
        await Assert.That(redis).IsEqualTo("invalid configuration: REDIS_PASSWORD and REDIS_PASSWORD_FILE are both set: set one of them");
    }

    [Test]
    public async Task A_missing_or_empty_file_names_the_variable_and_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"nexus-no-such-{Guid.NewGuid():N}");

        await Assert.That(ErrorOf(new() { ["JWT_SECRET_FILE"] = missing }))
            .StartsWith($"invalid configuration: JWT_SECRET_FILE=\"{missing}\": cannot be read (");
        await Assert.That(ErrorOf(new() { ["JWT_SECRET_FILE"] = SecretFile("\n") }))
            .EndsWith(": names an empty file");
    }

    [Test]
    public async Task Redis_password_in_the_url_and_in_a_file_is_refused()
    {
        var file = SecretFile("pw\n");
        var uriForm = ErrorOf(new() { ["JWT_SECRET"] = FileSecret, ["REDIS_URL"] = "redis://:other@redis:6379", ["REDIS_PASSWORD_FILE"] = file });
        var optionForm = ErrorOf(new() { ["JWT_SECRET"] = FileSecret, ["REDIS_URL"] = "redis:6379,password=other", ["REDIS_PASSWORD_FILE"] = file });

        await Assert.That(uriForm).IsEqualTo("invalid configuration: REDIS_URL carries a password and REDIS_PASSWORD(_FILE) is set: give it once");
        await Assert.That(optionForm).IsEqualTo(uriForm);
        var fine = Load(new() { ["JWT_SECRET"] = FileSecret, ["REDIS_URL"] = "rediss://redis:6380", ["REDIS_PASSWORD_FILE"] = file });
        await Assert.That(fine.Redis.RedisPassword).IsEqualTo("pw");
    }
}
