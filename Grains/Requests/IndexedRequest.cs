using System.Collections.Immutable;
using Azure;

namespace Kagi.Requests;

/// <summary>
/// What the request index holds for one request, as its one writer (the request grain) last wrote or read it: whether
/// the summary row exists, its text, the listing keys it stands under and the row's ETag. Kept in the grain's memory
/// only, so a change writes its rows without reading the summary row first.
/// </summary>
public sealed record IndexedRequest(bool Exists, string? Text, ImmutableArray<string> Listings, ETag ETag)
{
    /// <summary>No summary row: what a request that was only now submitted has.</summary>
    public static IndexedRequest Absent { get; } = new(false, null, [], default);
}
