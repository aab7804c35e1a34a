namespace Kagi.Idempotency;

/// <summary>
/// One Idempotency-Key of one caller on one route. Key: <c>{tenantId}/{SHA-256 of caller, method, path
/// and the key, hex}</c>. It remembers the request's fingerprint and, once answered, the answer, so
/// that a POST sent again with the same key is answered as the first instead of acting twice.
/// </summary>
[Alias("kagi.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for <paramref name="attempt"/>, or says why not: another attempt holds it,
    /// the key was used for another request, or here is the first answer. The same attempt asking
    /// again (its first answer was lost with a silo) is let through again.</summary>
    [Alias("Begin")]
    Task<IdempotencyClaim> BeginAsync(Caller caller, string requestHash, Guid attempt);

    /// <summary>Stores the answer of the attempt holding the key; a later call of another attempt is ignored.</summary>
    [Alias("Complete")]
    Task CompleteAsync(Caller caller, Guid attempt, StoredResponse response);

    /// <summary>Frees the key after an attempt that ended without an answer worth keeping (an error),
    /// so the request may be sent again with it.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Caller caller, Guid attempt);
}
