using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>
/// An import job (a CSV file, or an adoption of discovered accounts) as its caller sees it: <see cref="Status"/> is <c>queued</c>, <c>running</c>, <c>completed</c> or
/// <c>failed</c> (the job as a whole could not go on: <see cref="Failure"/>); <see cref="Done"/> of
/// <see cref="Total"/> lines are decided, <see cref="Created"/> of them imported and <see cref="Failed"/> refused.
/// <see cref="Lines"/> is one page of decided lines in line order; <see cref="Next"/> the line to page on from.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.AccountImportJob")]
public sealed record AccountImportJob(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status,
    [property: Id(2)] int Total,
    [property: Id(3)] int Done,
    [property: Id(4)] int Created,
    [property: Id(5)] int Failed,
    [property: Id(6)] DateTimeOffset QueuedAt,
    [property: Id(7)] DateTimeOffset? FinishedAt,
    [property: Id(8)] ImmutableArray<ImportLineResult> Lines,
    [property: Id(9)] int? Next)
{
    [Id(10)] public string? Failure { get; init; }

    /// <summary><c>file</c> (a CSV import) or <c>adoption</c> (accounts found by discovery, given fresh passwords).</summary>
    [Id(170)] public string Kind { get; init; } = "file";
}
