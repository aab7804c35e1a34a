namespace Kagi.Vault;

/// <summary>A one-time account that exists (or may exist) on the target; never its password.
/// <see cref="Phase"/>: <c>creating</c>, <c>active</c> or <c>cleanup-pending</c>.</summary>
[GenerateSerializer, Immutable, Alias("kagi.OneTimeAccountInfo")]
public sealed record OneTimeAccountInfo(
    [property: Id(0)] string Username,
    [property: Id(1)] string RequestId,
    [property: Id(2)] string Holder,
    [property: Id(3)] string Phase,
    [property: Id(4)] DateTimeOffset Until,
    [property: Id(5)] int CleanupAttempts,
    [property: Id(6)] DateTimeOffset? NextCleanupAt);
