using System.Collections.Immutable;

namespace Kagi.Requests;

/// <summary>
/// What a requester asks for. The positional account and window describe a one-account request;
/// <see cref="Items"/>, when given, lists several accounts each with its own window instead.
/// <see cref="Reason"/> is the purpose.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.NewAccessRequest")]
public sealed record NewAccessRequest(
    [property: Id(0)] string AccountId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset Until,
    [property: Id(3)] string Reason)
{
    [Id(4)] public ImmutableArray<RequestItem> Items { get; init; } = [];

    /// <summary>What will be done (作業内容).</summary>
    [Id(5)] public string? WorkContent { get; init; }

    [Id(6)] public string? TicketReference { get; init; }

    [Id(7)] public ImmutableDictionary<string, string> CustomFields { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The accounts and windows asked for, whichever way they were given.</summary>
    public ImmutableArray<RequestItem> AllItems => Items.IsDefaultOrEmpty ? [new RequestItem(AccountId, From, Until)] : Items;
}
