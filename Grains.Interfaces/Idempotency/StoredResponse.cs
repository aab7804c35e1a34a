namespace Kagi.Idempotency;

/// <summary>An HTTP answer kept for an Idempotency-Key. The body may hold a secret (a checked-out
/// password): it is sealed at rest and never printed.</summary>
[GenerateSerializer, Immutable, Alias("kagi.StoredResponse")]
public sealed record StoredResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string? Location,
    [property: Id(3)] byte[] Body)
{
    public override string ToString() => $"StoredResponse {{ Status = {Status}, {Body.Length} bytes }}";
}
