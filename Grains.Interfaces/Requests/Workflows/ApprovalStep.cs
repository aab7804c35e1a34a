using System.Collections.Immutable;

namespace Kagi.Requests.Workflows;

/// <summary>One stage of approval: who may approve, and how many of them must.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ApprovalStep")]
public sealed record ApprovalStep(
    [property: Id(0)] string Name,
    [property: Id(1)] ApproverSet Approvers,
    [property: Id(2)] Quorum Quorum);

/// <summary>People named directly, and everyone holding one of the roles or in one of the groups.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ApproverSet")]
public sealed record ApproverSet(
    [property: Id(0)] ImmutableArray<string> Users,
    [property: Id(1)] ImmutableArray<string> Roles,
    [property: Id(2)] ImmutableArray<string> Groups);

[GenerateSerializer, Alias("kagi.QuorumKind")]
public enum QuorumKind
{
    /// <summary>Any one approver.</summary>
    Any = 0,

    /// <summary>N distinct approvers (N of M).</summary>
    Count = 1,

    /// <summary>Every eligible approver (the requester excluded).</summary>
    All = 2,
}

[GenerateSerializer, Immutable, Alias("kagi.Quorum")]
public sealed record Quorum([property: Id(0)] QuorumKind Kind, [property: Id(1)] int Count)
{
    public static Quorum AnyOne { get; } = new(QuorumKind.Any, 1);

    public override string ToString() => Kind switch
    {
        QuorumKind.Any => "any",
        QuorumKind.All => "all",
        _ => Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
