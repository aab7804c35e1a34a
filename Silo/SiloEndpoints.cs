using System.Net;
using System.Net.Sockets;
using Kagi.Configuration;
using Orleans.Configuration;

namespace Kagi.Silo;

/// <summary>
/// Where a silo is reached and where it listens. Other silos and clients read the advertised
/// address and ports from the membership table, so with <c>KAGI_CLUSTERING=adonet</c> they must be
/// ones the other hosts can reach (<c>KAGI_ADVERTISED_ADDRESS</c>, <c>KAGI_SILO_PORT</c>,
/// <c>KAGI_GATEWAY_PORT</c>); the listen address and ports (<c>KAGI_LISTEN_ADDRESS</c>,
/// <c>KAGI_SILO_LISTEN_PORT</c>, <c>KAGI_GATEWAY_LISTEN_PORT</c>) differ only behind NAT or port
/// mapping, or to listen on every interface (0.0.0.0).
/// </summary>
public sealed record SiloEndpoints(IPAddress AdvertisedAddress, int SiloPort, int GatewayPort, IPAddress ListenAddress, int SiloListenPort, int GatewayListenPort)
{
    private static readonly string[] AddressSettings = ["ADVERTISED_ADDRESS", "LISTEN_ADDRESS", "SILO_LISTEN_PORT", "GATEWAY_LISTEN_PORT"];

    /// <summary>
    /// Reads and checks the endpoints: addresses are IP literals, the advertised one a single host
    /// (not 0.0.0.0, ::, or multicast), the listen address one of this host's, and the silo and
    /// gateway ports distinct. With localhost clustering none of the address settings applies.
    /// </summary>
    public static SiloEndpoints Read(SettingsReader reader, ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Mode == ClusteringMode.Localhost)
        {
            foreach (var name in AddressSettings.Where(n => reader.Optional(n) is not null))
            {
                reader.Fail(name, "is set but KAGI_CLUSTERING is localhost, where the silo binds and advertises 127.0.0.1 only; set KAGI_CLUSTERING=adonet to run silos on several hosts");
            }

            return new SiloEndpoints(IPAddress.Loopback, cluster.SiloPort, cluster.GatewayPort, IPAddress.Loopback, cluster.SiloPort, cluster.GatewayPort);
        }

        var advertised = Address(reader, "ADVERTISED_ADDRESS") ?? IPAddress.Loopback;
        if (advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any) || IsMulticastOrBroadcast(advertised))
        {
            reader.Fail("ADVERTISED_ADDRESS", $"is {advertised}, which names no single host; expected the address other silos and Frontends reach this silo at, e.g. 10.0.0.5 (KAGI_LISTEN_ADDRESS may be 0.0.0.0)");
        }

        var listen = Address(reader, "LISTEN_ADDRESS") ?? advertised;
        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any) && !IsLocal(listen))
        {
            reader.Fail("LISTEN_ADDRESS", $"is {listen}{(reader.Optional("LISTEN_ADDRESS") is null ? " (from KAGI_ADVERTISED_ADDRESS)" : "")}, which is not an address of this host; expected one of its own addresses, or 0.0.0.0 to listen on all and set KAGI_LISTEN_ADDRESS");
        }

        var siloListenPort = reader.Port("SILO_LISTEN_PORT", cluster.SiloPort);
        var gatewayListenPort = reader.Port("GATEWAY_LISTEN_PORT", cluster.GatewayPort);
        if (cluster.SiloPort == cluster.GatewayPort)
        {
            reader.Fail("GATEWAY_PORT", $"is {cluster.GatewayPort}, the same as KAGI_SILO_PORT; expected two different ports (silo-to-silo and client traffic)");
        }
        else if (siloListenPort == gatewayListenPort)
        {
            reader.Fail("GATEWAY_LISTEN_PORT", $"is {gatewayListenPort}, the same as the silo's listen port; expected two different ports");
        }

        return new SiloEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listen, siloListenPort, gatewayListenPort);
    }

    public void Apply(EndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AdvertisedIPAddress = AdvertisedAddress;
        options.SiloPort = SiloPort;
        options.GatewayPort = GatewayPort;
        options.SiloListeningEndpoint = new IPEndPoint(ListenAddress, SiloListenPort);
        options.GatewayListeningEndpoint = new IPEndPoint(ListenAddress, GatewayListenPort);
    }

    // IP literals only: a host name would be resolved once here and could advertise a different
    // address on each host, which the membership table cannot tell apart.
    private static IPAddress? Address(SettingsReader reader, string name)
    {
        var text = reader.Optional(name);
        if (text is null)
        {
            return null;
        }

        if (IPAddress.TryParse(text, out var address) && (text.Contains('.', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal)))
        {
            return address;
        }

        reader.Fail(name, $"is '{text}'; expected an IPv4 or IPv6 address such as 10.0.0.5 (not a host name)");
        return null;
    }

    private static bool IsMulticastOrBroadcast(IPAddress address) =>
        address.Equals(IPAddress.Broadcast)
        || (address.AddressFamily == AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0)
        || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv6Multicast);

    // Asking the kernel is the one answer that matches what Orleans' bind will meet (on Linux all
    // of 127.0.0.0/8 is local, though only 127.0.0.1 is listed on lo).
    private static bool IsLocal(IPAddress address)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
