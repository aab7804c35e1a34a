using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Kagi.Domain.Egress;

/// <summary>
/// Decides whether Kagi may open a connection to a resolved address and port on a tenant's behalf (targets,
/// webhooks, SIEM, SMTP relays), so a tenant admin cannot use Kagi to reach what only Kagi can reach.
/// </summary>
/// <remarks>
/// <para>Never allowed: the unspecified, multicast, broadcast and reserved (240/4) addresses, and Kagi's own
/// endpoints (its table storage, its clustering PostgreSQL, its silo and gateway ports) unless an allowance names
/// that exact address and port.</para>
/// <para>Allowed only when an allowance opens them: loopback, link-local (cloud metadata at 169.254.169.254 is
/// there), private (RFC 1918, unique local fc00::/7), shared (100.64/10) and the deprecated IPv6 site-local and
/// IPv4-compatible ranges. A network opens a special range only when it lies within it (10.1.0.0/16 opens part of
/// 10/8; 0.0.0.0/0 opens none), so a broad allowance can never open metadata by accident.</para>
/// <para>Everything else (the public internet) is allowed. IPv4-mapped (::ffff:a.b.c.d) and NAT64
/// (64:ff9b::a.b.c.d) addresses are judged as the IPv4 address they carry.</para>
/// </remarks>
public sealed class EgressPolicy(EgressAllowance allowance, ImmutableArray<IPEndPoint> kagiEndpoints)
{
    private static readonly (IPNetwork Network, string Name)[] Never =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
    ];

    private static readonly (IPNetwork Network, string Name)[] Special =
    [
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("::/96"), "IPv4-compatible"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly ImmutableArray<IPEndPoint> _kagiEndpoints = [.. kagiEndpoints.Select(e => new IPEndPoint(Canonical(e.Address), e.Port))];
    private readonly ImmutableArray<IPEndPoint> _allowedEndpoints = [.. allowance.Endpoints.Select(e => new IPEndPoint(Canonical(e.Address), e.Port))];

    /// <summary>The policy with no allowance: the public internet only.</summary>
    public static EgressPolicy Default { get; } = new(EgressAllowance.None, []);

    public EgressVerdict Decide(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (port is < 1 or > 65535)
        {
            return EgressVerdict.Deny("no such port");
        }

        var ip = Canonical(address);
        if (ip.Equals(IPAddress.Broadcast))
        {
            return EgressVerdict.Deny("broadcast");
        }

        foreach (var (network, name) in Never)
        {
            if (network.Contains(ip))
            {
                return EgressVerdict.Deny(name);
            }
        }

        var endpoint = new IPEndPoint(ip, port);
        if (_allowedEndpoints.Contains(endpoint))
        {
            return EgressVerdict.Allow;
        }

        if (_kagiEndpoints.Contains(endpoint))
        {
            return EgressVerdict.Deny("one of Kagi's own endpoints");
        }

        foreach (var (network, name) in Special)
        {
            if (network.Contains(ip))
            {
                return allowance.Networks.Any(allowed => Opens(allowed, network, ip)) ? EgressVerdict.Allow : EgressVerdict.Deny(name);
            }
        }

        return EgressVerdict.Allow;
    }

    /// <summary>The IPv4 address an IPv4-mapped or NAT64 address carries; other addresses without their scope.</summary>
    public static IPAddress Canonical(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            return new IPAddress(address.GetAddressBytes()[12..]);
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    // An allowance opens a special range only where it lies within it.
    private static bool Opens(IPNetwork allowed, IPNetwork special, IPAddress ip) =>
        allowed.BaseAddress.AddressFamily == special.BaseAddress.AddressFamily
        && allowed.PrefixLength >= special.PrefixLength
        && special.Contains(allowed.BaseAddress)
        && allowed.Contains(ip);
}
