namespace Kagi.Idempotency;

/// <summary>What <see cref="IIdempotencyGrain.BeginAsync"/> decided; <see cref="Response"/> only with <see cref="IdempotencyOutcome.Replay"/>.</summary>
[GenerateSerializer, Immutable, Alias("kagi.IdempotencyClaim")]
public sealed record IdempotencyClaim(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] StoredResponse? Response = null);
