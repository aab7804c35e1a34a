namespace Kagi.Requests;

/// <summary>An approver lets <see cref="To"/> decide in their name from <see cref="From"/> until <see cref="Until"/>.</summary>
[GenerateSerializer, Immutable, Alias("kagi.Delegation")]
public sealed record Delegation(
    [property: Id(0)] string To,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset Until)
{
    public bool ActiveAt(DateTimeOffset now) => now >= From && now < Until;
}
