using System.Net;
using Nexus.Kernel.Extensions.Http;

namespace Nexus.Kernel.Tests.Extensions.Http;

/// <summary>
/// The classifier itself, no packet sent: the first and last address of every refused range, and the neighbours
/// just outside each range, so a narrowed or widened prefix fails here.
/// </summary>
public class AddressGuardTests
{
    public static IEnumerable<Func<(string Range, string Address)>> Refused()
    {
        foreach (var (range, first, last) in new[]
        {
            ("this network 0/8", "0.0.0.0", "0.255.255.255"),
            ("RFC 1918 10/8", "10.0.0.0", "10.255.255.255"),
            ("CGNAT 100.64/10", "100.64.0.0", "100.127.255.255"),
            ("loopback 127/8", "127.0.0.1", "127.255.255.255"),
            ("link-local 169.254/16 (metadata)", "169.254.0.0", "169.254.255.255"),
            ("RFC 1918 172.16/12", "172.16.0.0", "172.31.255.255"),
            ("IETF protocol 192.0.0/24", "192.0.0.0", "192.0.0.255"),
            ("RFC 1918 192.168/16", "192.168.0.0", "192.168.255.255"),
            ("benchmarking 198.18/15", "198.18.0.0", "198.19.255.255"),
            ("multicast 224/4", "224.0.0.0", "239.255.255.255"),
            ("reserved 240/4 and broadcast", "240.0.0.0", "255.255.255.255"),
            ("unspecified ::", "::", "::"),
            ("loopback ::1", "::1", "::1"),
            ("unique-local fc00::/7", "fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("link-local fe80::/10", "fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("multicast ff00::/8", "ff00::", "ff0e::1"),
        })
        {
            yield return () => (range, first);
            yield return () => (range, last);
        }
        yield return () => ("cloud metadata", "169.254.169.254");
        yield return () => ("IPv4-mapped RFC 1918", "::ffff:10.0.0.1");
        yield return () => ("IPv4-mapped loopback", "::ffff:127.0.0.1");
        yield return () => ("IPv4-mapped metadata", "::ffff:169.254.169.254");
        yield return () => ("IPv4-mapped CGNAT", "::ffff:100.64.0.1");
        yield return () => ("deprecated site-local fec0::/10, first", "fec0::1");
        yield return () => ("deprecated site-local fec0::/10, last", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        yield return () => ("NAT64 carrying RFC 1918", "64:ff9b::10.0.0.1");
        yield return () => ("NAT64 carrying metadata", "64:ff9b::a9fe:a9fe");
        yield return () => ("local-use NAT64 64:ff9b:1::/48", "64:ff9b:1::808:808");
        yield return () => ("6to4 carrying RFC 1918", "2002:0a00:0001::1");
        yield return () => ("6to4 carrying loopback", "2002:7f00:0001::");
        yield return () => ("IPv4-compatible carrying RFC 1918", "::10.0.0.1");
        yield return () => ("IPv4-compatible carrying 0/8", "::2");
    }

    public static IEnumerable<Func<(string Why, string Address)>> Allowed()
    {
        yield return () => ("public DNS", "8.8.8.8");
        yield return () => ("public IPv6", "2001:4860:4860::8888");
        yield return () => ("IPv4-mapped public", "::ffff:8.8.8.8");
        yield return () => ("just above 0/8", "1.0.0.0");
        yield return () => ("just below 10/8", "9.255.255.255");
        yield return () => ("just above 10/8", "11.0.0.0");
        yield return () => ("just below CGNAT", "100.63.255.255");
        yield return () => ("just above CGNAT", "100.128.0.0");
        yield return () => ("just below loopback", "126.255.255.255");
        yield return () => ("just above loopback", "128.0.0.0");
        yield return () => ("just below link-local", "169.253.255.255");
        yield return () => ("just above link-local", "169.255.0.0");
        yield return () => ("just below 172.16/12", "172.15.255.255");
        yield return () => ("just above 172.16/12", "172.32.0.0");
        yield return () => ("just above 192.0.0/24", "192.0.1.0");
        yield return () => ("just below 192.168/16", "192.167.255.255");
        yield return () => ("just above 192.168/16", "192.169.0.0");
        yield return () => ("just below 198.18/15", "198.17.255.255");
        yield return () => ("just above 198.18/15", "198.20.0.0");
        yield return () => ("just below multicast", "223.255.255.255");
        yield return () => ("just below fc00::/7", "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        yield return () => ("between fc00::/7 and fe80::/10", "fe00::1");
        yield return () => ("NAT64 carrying a public address", "64:ff9b::8.8.8.8");
        yield return () => ("6to4 carrying a public address", "2002:0808:0808::1");
        yield return () => ("IPv4-compatible carrying a public address", "::8.8.8.8");
    }

    [Test]
    [MethodDataSource(nameof(Refused))]
    public async Task Every_refused_range_is_private_at_both_ends((string Range, string Address) c)
    {
        await Assert.That(AddressGuard.IsPrivate(IPAddress.Parse(c.Address))).IsTrue().Because(c.Range);
    }

    [Test]
    [MethodDataSource(nameof(Allowed))]
    public async Task Public_addresses_and_the_neighbours_of_each_range_are_allowed((string Why, string Address) c)
    {
        await Assert.That(AddressGuard.IsPrivate(IPAddress.Parse(c.Address))).IsFalse().Because(c.Why);
    }
}
