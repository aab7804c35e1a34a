using System.Net;
using Kagi.Connectors;

namespace Kagi.Domain.Reports;

/// <summary>
/// Tells which logins in a target's own log (sshd's, which names no application) were Kagi's, from the
/// journal of logins Kagi made there (<see cref="OwnLogin"/>). One journal entry explains at most one
/// log line, so a person logging in as the account at the same moment as Kagi still leaves a line
/// nothing explains.
/// </summary>
/// <remarks>
/// <para>
/// An entry that knows the client end of its connection (address and port, as the target saw them)
/// explains only a line of the same user from that address and port, within
/// <see cref="EndpointSkew"/> of the login on Kagi's clock. While Kagi's connection is open no other
/// connection can hold that address and port, so this is exact unless the target's clock is off by more
/// than the tolerance (then Kagi's login is flagged).
/// </para>
/// <para>
/// An entry without them (the account's shell would not run <c>echo</c>, e.g. <c>nologin</c>) explains a
/// line of the same user within <see cref="TimeOnlySkew"/>. That is weaker: a person's login in those
/// few seconds and Kagi's are told apart only by their number, and which of the two is flagged is then
/// arbitrary. Entries with an endpoint are matched first so they never take a line a time-only entry needed.
/// </para>
/// Log times are truncated to whole seconds by syslog, hence <see cref="LogResolution"/> before the start.
/// </remarks>
public static class OwnLoginMatch
{
    public static readonly TimeSpan LogResolution = TimeSpan.FromSeconds(1);

    /// <summary>Clock difference tolerated between Kagi and the target when address and port match.</summary>
    public static readonly TimeSpan EndpointSkew = TimeSpan.FromMinutes(2);

    /// <summary>Clock difference tolerated between Kagi and the target when only the time can match.</summary>
    public static readonly TimeSpan TimeOnlySkew = TimeSpan.FromSeconds(2);

    /// <summary>For each of <paramref name="observed"/>, whether it was one of Kagi's own logins.</summary>
    public static bool[] Mark(IReadOnlyList<LoginEvent> observed, IEnumerable<OwnLogin> own)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(own);
        var kagi = new bool[observed.Count];
        var entries = own.OrderBy(e => e.Started).ToList();
        foreach (var entry in entries.Where(HasEndpoint))
        {
            Claim(observed, kagi, entry, EndpointSkew, login => login.SourcePort == entry.ClientPort && SameAddress(login.SourceAddress, entry.ClientAddress!));
        }

        foreach (var entry in entries.Where(e => !HasEndpoint(e)))
        {
            Claim(observed, kagi, entry, TimeOnlySkew, _ => true);
        }

        return kagi;
    }

    private static bool HasEndpoint(OwnLogin entry) => entry.ClientAddress is not null && entry.ClientPort is not null;

    private static void Claim(IReadOnlyList<LoginEvent> observed, bool[] kagi, OwnLogin entry, TimeSpan skew, Func<LoginEvent, bool> sameEndpoint)
    {
        var from = entry.Started - LogResolution - skew;
        var until = entry.Finished + skew;
        var best = -1;
        for (var i = 0; i < observed.Count; i++)
        {
            var login = observed[i];
            if (!kagi[i] && string.Equals(login.Username, entry.Username, StringComparison.Ordinal)
                && login.Time >= from && login.Time <= until && sameEndpoint(login)
                && (best < 0 || Distance(login, entry) < Distance(observed[best], entry)))
            {
                best = i;
            }
        }

        if (best >= 0)
        {
            kagi[best] = true;
        }
    }

    private static TimeSpan Distance(LoginEvent login, OwnLogin entry) => (login.Time - entry.Started).Duration();

    // "::ffff:192.0.2.1" and "192.0.2.1" are one client.
    private static bool SameAddress(string logged, string seen) =>
        string.Equals(logged, seen, StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(logged, out var a) && IPAddress.TryParse(seen, out var b) && Normalize(a).Equals(Normalize(b)));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
