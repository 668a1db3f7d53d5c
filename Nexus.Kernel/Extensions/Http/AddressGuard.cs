using System.Net;
using System.Net.Sockets;

namespace Nexus.Kernel.Extensions.Http;

/// <summary>
/// Addresses a handler may not reach unless HTTP_ALLOW_PRIVATE=true: loopback, private (RFC 1918), link-local
/// (169.254/16 incl. cloud metadata, fe80::/10), CGNAT (100.64/10), unique local (fc00::/7), "this network",
/// multicast and unspecified, deprecated site-local (fec0::/10) and local-use NAT64 (64:ff9b:1::/48). IPv6
/// addresses that carry an IPv4 address (IPv4-mapped, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16)
/// are judged as the IPv4 address they carry: otherwise a translator or relay would reach a private one for us.
/// </summary>
internal static class AddressGuard
{
    private static readonly IPNetwork[] Blocked =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");

    public static bool IsPrivate(IPAddress address)
    {
        address = CarriedIPv4(address) ?? address;
        foreach (var network in Blocked)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)) return true;
        }
        return false;
    }

    private static IPAddress? CarriedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return null;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (Nat64.Contains(address)) return new IPAddress(bytes[12..]);
        if (SixToFour.Contains(address)) return new IPAddress(bytes[2..6]);
        // ::a.b.c.d (deprecated); :: and ::1 themselves stay IPv6 and are refused as such.
        if (Ipv4Compatible.Contains(address) && bytes[12..].IndexOfAnyExcept((byte)0) >= 0 && !address.Equals(IPAddress.IPv6Loopback))
        {
            return new IPAddress(bytes[12..]);
        }
        return null;
    }

    public static bool IsAllowedFamily(IPAddress address) =>
        address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
}
