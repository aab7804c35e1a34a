using Kagi.Connectors;
using Kagi.Domain.Reports;
using Kagi.Reports;

namespace Kagi.Reconciliation;

/// <summary>
/// The logins an SSH target's sshd logged (read over SSH by <see cref="SshConnector"/>), each marked
/// whether it was Kagi's own by matching Kagi's journal of its logins on that target
/// (<see cref="OwnLoginMatch"/>): sshd names no application, so Kagi cannot announce itself as it does
/// to PostgreSQL.
/// </summary>
public sealed class SshLoginSource(TargetConnectors connectors) : ILoginSource
{
    public string Kind => "ssh";

    public async Task<IReadOnlyList<ObservedLogin>> ReadLoginsAsync(
        TargetEndpoint endpoint, TargetCredential admin, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrEmpty(endpoint.AuthLogPath))
        {
            throw new TargetUnavailableException($"The SSH target {endpoint.Host}:{endpoint.Port} names no auth log (register it with authLogPath).");
        }

        var source = connectors.For(Kind) as ILoginEventSource
            ?? throw new InvalidOperationException("The SSH connector reads no login events.");
        // The log first, the journal second: Kagi's own login to read the log is noted before it reads.
        var events = (await source.ReadLoginEventsAsync(endpoint, admin, since, cancellationToken)).Where(e => e.Time < until).ToList();
        var margin = OwnLoginMatch.EndpointSkew + OwnLoginMatch.LogResolution;
        IReadOnlyList<OwnLogin> own = endpoint.OwnLogins is { } journal
            ? await journal.ReadAsync(since - margin, until + margin, cancellationToken)
            : [];
        var kagi = OwnLoginMatch.Mark(events, own);
        return [.. events.Select((e, i) => new ObservedLogin(e.Time, e.Username, e.SourceAddress, Database: null, Application: null) { ByKagi = kagi[i] })];
    }
}
