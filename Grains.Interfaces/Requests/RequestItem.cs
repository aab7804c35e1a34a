namespace Kagi.Requests;

/// <summary>One account in a request, with its own window.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RequestItem")]
public sealed record RequestItem(
    [property: Id(0)] string AccountId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset Until);
