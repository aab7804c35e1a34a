namespace Kagi.Domain.Identity;

/// <summary>A user's failed sign-ins and lock, as stored in the user grain.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.Lockout")]
public sealed record LockoutState
{
    [Id(0)] public int ConsecutiveFailures { get; init; }

    [Id(1)] public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>Locks since the last successful sign-in; each one doubles the next lock.</summary>
    [Id(2)] public int RepeatedLocks { get; init; }
}
