namespace Kagi.Idempotency;

/// <summary>An Idempotency-Key's record. Empty (no fingerprint) until claimed; answered once
/// <see cref="SealedBody"/> is set.</summary>
[GenerateSerializer, Alias("kagi.state.Idempotency")]
public sealed record IdempotencyState
{
    /// <summary>SHA-256 of the request body, hex.</summary>
    [Id(0)] public string? RequestHash { get; init; }

    /// <summary>The attempt holding the key.</summary>
    [Id(1)] public Guid Attempt { get; init; }

    /// <summary>Until when an unanswered attempt holds the key; after that it is taken to have died.</summary>
    [Id(2)] public DateTimeOffset InFlightUntil { get; init; }

    /// <summary>When the record is forgotten.</summary>
    [Id(3)] public DateTimeOffset ExpiresAt { get; init; }

    [Id(4)] public int Status { get; init; }
    [Id(5)] public string? ContentType { get; init; }
    [Id(6)] public string? Location { get; init; }

    /// <summary>The answer's body sealed with the tenant's data key (<c>TenantVault</c>): no answer,
    /// a checked-out password included, is kept in plaintext.</summary>
    [Id(7)] public byte[]? SealedBody { get; init; }

    public bool IsAnswered => SealedBody is not null;

    public override string ToString() => $"IdempotencyState {{ Status = {Status}, Answered = {IsAnswered} }}";
}
