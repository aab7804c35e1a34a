namespace Kagi.Connectors;

/// <summary>A connector that can tell who logged in to a target, for usage reconciliation
/// (logins that no check-out explains).</summary>
public interface ILoginEventSource
{
    /// <summary>Successful logins at or after <paramref name="since"/>, oldest first. Events in the same second as
    /// <paramref name="since"/> may be returned again by the next call: the consumer de-duplicates.</summary>
    Task<IReadOnlyList<LoginEvent>> ReadLoginEventsAsync(TargetEndpoint endpoint, TargetCredential admin, DateTimeOffset since, CancellationToken cancellationToken);
}
