namespace Kagi.Connectors;

/// <summary>Where a connector notes its own logins on one target (see <see cref="KagiLogin"/>).</summary>
public interface IKagiLoginJournal
{
    /// <summary>Stores the login. Never throws for a storage failure: a login missing from the
    /// journal is reported as use without approval, which errs on the side of the auditor.</summary>
    Task RecordAsync(KagiLogin login, CancellationToken cancellationToken);

    /// <summary>Kagi's logins that started in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    Task<IReadOnlyList<KagiLogin>> ReadAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);
}
