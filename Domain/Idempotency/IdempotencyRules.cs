using Kagi.Idempotency;

namespace Kagi.Domain.Idempotency;

/// <summary>
/// What an Idempotency-Key allows. A key is claimed by one attempt; the same body again is answered
/// with the first answer, another body is refused (the client reused a key), and while the first
/// attempt runs a second one is told so. A claim that was never answered lapses after
/// <see cref="InFlightLease"/> (the Frontend that held it died); a record is forgotten after
/// <see cref="Lifetime"/>.
/// </summary>
public static class IdempotencyRules
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Longer than any request can run (30 s grain calls, a 45 s retry budget, slow targets).</summary>
    public static readonly TimeSpan InFlightLease = TimeSpan.FromMinutes(5);

    public static (IdempotencyOutcome Outcome, IdempotencyState State) Begin(IdempotencyState current, string requestHash, Guid attempt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (IsFree(current, now))
        {
            return (IdempotencyOutcome.Proceed, new IdempotencyState
            {
                RequestHash = requestHash, Attempt = attempt, InFlightUntil = now + InFlightLease, ExpiresAt = now + Lifetime,
            });
        }

        if (!string.Equals(current.RequestHash, requestHash, StringComparison.Ordinal))
        {
            return (IdempotencyOutcome.DifferentRequest, current);
        }

        if (current.IsAnswered)
        {
            return (IdempotencyOutcome.Replay, current);
        }

        return (current.Attempt == attempt ? IdempotencyOutcome.Proceed : IdempotencyOutcome.InFlight, current);
    }

    /// <summary>The record with the answer, or null when <paramref name="attempt"/> no longer holds the key.</summary>
    public static IdempotencyState? Answer(IdempotencyState current, Guid attempt, StoredResponse response, byte[] sealedBody, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(response);
        return Holds(current, attempt, now)
            ? current with { Status = response.Status, ContentType = response.ContentType, Location = response.Location, SealedBody = sealedBody }
            : null;
    }

    /// <summary>Whether <paramref name="attempt"/> may free the key (it holds it and has no answer).</summary>
    public static bool MayRelease(IdempotencyState current, Guid attempt, DateTimeOffset now) => Holds(current, attempt, now);

    public static bool IsExpired(IdempotencyState current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.RequestHash is not null && current.ExpiresAt <= now;
    }

    private static bool Holds(IdempotencyState current, Guid attempt, DateTimeOffset now) =>
        !IsFree(current, now) && !current.IsAnswered && current.Attempt == attempt;

    private static bool IsFree(IdempotencyState current, DateTimeOffset now) =>
        current.RequestHash is null || current.ExpiresAt <= now || (!current.IsAnswered && current.InFlightUntil <= now);
}
