using Kagi.Connectors;
using Kagi.Reports;

namespace Kagi.Reconciliation;

/// <summary>
/// Reads the logins a kind of target recorded itself, for reconciliation against check-outs. One
/// per target kind: <see cref="PostgresLoginSource"/> now; an SSH source (auth log read over SSH)
/// plugs in beside the SSH connector.
/// </summary>
public interface ILoginSource
{
    /// <summary>The target kind, as in <see cref="ITargetConnector.Kind"/>.</summary>
    string Kind { get; }

    Task<IReadOnlyList<ObservedLogin>> ReadLoginsAsync(
        TargetEndpoint endpoint, TargetCredential admin, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}
