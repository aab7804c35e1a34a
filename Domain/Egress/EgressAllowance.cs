using System.Collections.Immutable;
using System.Globalization;
using System.Net;

namespace Kagi.Domain.Egress;

/// <summary>
/// What an operator allows beyond the public internet: networks (<c>10.0.0.0/8</c>, <c>::1/128</c>) that open
/// the special ranges they lie in, and exact endpoints (<c>127.0.0.1:5432</c>, <c>[::1]:5432</c>) that open
/// also one of Kagi's own endpoints (only the tests share one PostgreSQL between clustering and targets).
/// </summary>
public sealed record EgressAllowance(ImmutableArray<IPNetwork> Networks, ImmutableArray<IPEndPoint> Endpoints)
{
    public static EgressAllowance None { get; } = new([], []);

    public EgressAllowance With(EgressAllowance other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new([.. Networks, .. other.Networks], [.. Endpoints, .. other.Endpoints]);
    }

    /// <summary>Parses a list separated by commas or white space; null with the first bad entry named.</summary>
    public static EgressAllowance? Parse(string? list, out string? problem)
    {
        problem = null;
        var networks = ImmutableArray.CreateBuilder<IPNetwork>();
        var endpoints = ImmutableArray.CreateBuilder<IPEndPoint>();
        foreach (var entry in (list ?? "").Split([',', ' ', '\t', '\n', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (!entry.Contains('/', StringComparison.Ordinal) && TryParseEndpoint(entry, out var endpoint))
            {
                endpoints.Add(endpoint);
            }
            else
            {
                problem = $"'{entry}' is neither a network in CIDR form (10.0.0.0/8, fd00::/8) nor an address with a port (127.0.0.1:5432, [::1]:5432)";
                return null;
            }
        }

        return new(networks.ToImmutable(), endpoints.ToImmutable());
    }

    // IPEndPoint.TryParse also takes a bare address (port 0): an endpoint entry must name its port.
    private static bool TryParseEndpoint(string entry, out IPEndPoint endpoint)
    {
        endpoint = null!;
        var colon = entry.LastIndexOf(':');
        return colon > 0
            && (entry[..colon].Contains(':', StringComparison.Ordinal) ? entry[0] == '[' && entry[colon - 1] == ']' : true)
            && int.TryParse(entry[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            && IPEndPoint.TryParse(entry, out endpoint!)
            && endpoint.Port == port;
    }
}
