using System.Text;

namespace Nexus.Kernel.Tests.Support;

/// <summary>JSON texts and bytes that break the client rules (or sit exactly at them).</summary>
internal static class HostileJson
{
    /// <summary>A value nesting exactly <paramref name="levels"/> levels: arrays around a 1.</summary>
    public static string Nested(int levels) => new string('[', levels) + "1" + new string(']', levels);

    /// <summary>An object body with <paramref name="member"/> set to raw JSON, as UTF-8 with the raw bytes spliced in.</summary>
    public static byte[] Splice(string before, byte[] raw, string after) => [.. Encoding.UTF8.GetBytes(before), .. raw, .. Encoding.UTF8.GetBytes(after)];

    public static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    public static ByteArrayContent Content(string body) => Content(Encoding.UTF8.GetBytes(body));
}
