using System.Collections.Immutable;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Kagi.Configuration;
using Kagi.Domain.Egress;
using Kagi.Egress;
using Npgsql;

namespace Kagi.Silo;

/// <summary>
/// Reads the operator's egress settings: <c>KAGI_EGRESS_ALLOW</c> (networks and endpoints every tenant may reach
/// beyond the public internet) and <c>KAGI_EGRESS_ALLOW_TENANTS</c> (<c>tenant=networks;tenant=networks</c>), and
/// names Kagi's own endpoints from the silo's settings: the table storage endpoint, the clustering PostgreSQL and
/// the silo and gateway ports, on every address of this host when they are local.
/// </summary>
public static class EgressSettingsReader
{
    public static EgressSettings Read(SettingsReader reader, SiloSettings silo)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(silo);
        var global = EgressAllowance.Parse(reader.Optional("EGRESS_ALLOW"), out var problem);
        if (global is null)
        {
            reader.Fail("EGRESS_ALLOW", problem + "; expected networks and endpoints separated by commas");
        }

        var perTenant = ImmutableDictionary.CreateBuilder<string, EgressAllowance>(StringComparer.Ordinal);
        foreach (var entry in (reader.Optional("EGRESS_ALLOW_TENANTS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var tenant = equals > 0 ? entry[..equals].Trim() : "";
            var allowance = equals > 0 ? EgressAllowance.Parse(entry[(equals + 1)..], out problem) : null;
            if (!Identifiers.IsValidTenant(tenant) || allowance is null || perTenant.ContainsKey(tenant))
            {
                reader.Fail("EGRESS_ALLOW_TENANTS", $"has '{entry}'{(allowance is null && problem is not null ? ": " + problem : "")}; expected tenant=networks entries separated by ';', each tenant once");
                continue;
            }

            perTenant[tenant] = allowance;
        }

        reader.ThrowIfInvalid();
        return new EgressSettings(global!, perTenant.ToImmutable(), OwnEndpoints(silo));
    }

    private static ImmutableArray<IPEndPoint> OwnEndpoints(SiloSettings silo)
    {
        var own = new List<(string Host, int Port)>
        {
            ("localhost", silo.Cluster.SiloPort),
            ("localhost", silo.Cluster.GatewayPort),
        };
        var storage = silo.Storage.CreateClient().Uri;
        own.Add((storage.IdnHost, storage.Port));
        if (silo.Cluster.MembershipConnection is { } membership)
        {
            var builder = new NpgsqlConnectionStringBuilder(membership);
            foreach (var host in (builder.Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Npgsql allows host:port in a host list; a bare host takes the Port setting.
                var colon = host.LastIndexOf(':');
                var named = colon > 0 && !host.EndsWith(']') && int.TryParse(host[(colon + 1)..], out var port) ? (host[..colon], port) : (host, builder.Port);
                own.Add(named);
            }
        }

        var local = LocalAddresses();
        var endpoints = new HashSet<IPEndPoint>();
        foreach (var (host, port) in own)
        {
            foreach (var address in Resolve(host).Select(EgressPolicy.Canonical))
            {
                endpoints.Add(new IPEndPoint(address, port));
                if (IPAddress.IsLoopback(address) || local.Contains(address))
                {
                    // A store on this host answers on every address of this host, public ones too.
                    endpoints.UnionWith(local.Select(a => new IPEndPoint(EgressPolicy.Canonical(a), port)));
                }
            }
        }

        return [.. endpoints];
    }

    private static IPAddress[] Resolve(string host)
    {
        if (host.StartsWith('/'))
        {
            return []; // a Unix socket directory, not reachable over TCP
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        try
        {
            return Dns.GetHostAddresses(host);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static HashSet<IPAddress> LocalAddresses()
    {
        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            addresses.UnionWith(nic.GetIPProperties().UnicastAddresses.Select(u => EgressPolicy.Canonical(u.Address)));
        }

        return addresses;
    }
}
