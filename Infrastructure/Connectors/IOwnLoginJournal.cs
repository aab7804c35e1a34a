namespace Kagi.Connectors;

/// <summary>Where a connector notes its own logins on one target (see <see cref="OwnLogin"/>).</summary>
public interface IOwnLoginJournal
{
    /// <summary>Stores the login. Never throws for a storage failure: a login missing from the
    /// journal is reported as use without approval, which errs on the side of the auditor.</summary>
    Task RecordAsync(OwnLogin login, CancellationToken cancellationToken);

    /// <summary>Kagi's logins that started in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    Task<IReadOnlyList<OwnLogin>> ReadAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);
}
