using System.Net;

namespace Kagi.Frontend.Security;

/// <summary>
/// The client's address: the connection's peer, unless that peer is a configured trusted proxy, in
/// which case <c>X-Forwarded-For</c> is read from the right, skipping trusted proxies, up to the first
/// address that is not one. A header from anyone else is ignored, so it cannot be spoofed.
/// </summary>
public static class ClientAddress
{
    public static IPAddress? Resolve(IPAddress? peer, string? forwardedFor, IReadOnlyList<IPNetwork> trustedProxies)
    {
        ArgumentNullException.ThrowIfNull(trustedProxies);
        if (peer is null)
        {
            return null;
        }

        var current = Normalize(peer);
        if (!IsTrusted(current, trustedProxies) || string.IsNullOrWhiteSpace(forwardedFor))
        {
            return current;
        }

        var hops = forwardedFor.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop))
            {
                // A malformed entry: nothing left of it can be trusted; the last trusted hop answers.
                return current;
            }

            current = Normalize(hop);
            if (!IsTrusted(current, trustedProxies))
            {
                return current;
            }
        }

        return current;
    }

    /// <summary>The client address of <paramref name="http"/> as text, or <c>unknown</c> when the peer is not known.</summary>
    public static string SourceOf(HttpContext http, IReadOnlyList<IPNetwork> trustedProxies)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Resolve(http.Connection.RemoteIpAddress, http.Request.Headers["X-Forwarded-For"], trustedProxies)?.ToString() ?? "unknown";
    }

    private static bool IsTrusted(IPAddress address, IReadOnlyList<IPNetwork> trusted) => trusted.Any(network => network.Contains(address));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
