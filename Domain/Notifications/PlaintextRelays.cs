using System.Collections.Immutable;
using System.Net;

namespace Kagi.Domain.Notifications;

/// <summary>
/// The SMTP relays a tenant may reach without TLS (<c>security: none</c>): only loopback relays the
/// operator named (<c>KAGI_SMTP_PLAINTEXT_HOSTS</c>), such as a local Postfix that relays onwards with
/// TLS itself. Anywhere else a tenant admin's relay password and every mail would cross the network in
/// clear, or could be turned into a plain-text probe of hosts the silo can reach.
/// </summary>
public sealed record PlaintextRelays(ImmutableArray<string> Hosts)
{
    public static PlaintextRelays None { get; } = new(ImmutableArray<string>.Empty);

    /// <summary>Whether <paramref name="host"/> may be used with <c>security: none</c>.</summary>
    public bool Allows(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return IsLoopback(host) && !Hosts.IsDefault && Hosts.Any(allowed => SameHost(allowed, host));
    }

    /// <summary><c>localhost</c> or a loopback address literal (127.0.0.0/8, ::1); names are never resolved here.</summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return string.Equals(host.Trim(), "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim().Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static bool SameHost(string a, string b) =>
        string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(a.Trim().Trim('[', ']'), out var x) && IPAddress.TryParse(b.Trim().Trim('[', ']'), out var y) && x.Equals(y));
}
