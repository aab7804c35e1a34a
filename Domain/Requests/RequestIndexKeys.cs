using System.Collections.Immutable;
using System.Globalization;
using Kagi.Domain.Inventory;
using Kagi.Requests;

namespace Kagi.Domain.Requests;

/// <summary>
/// Row keys of a tenant's request index (one partition per tenant). A request has one summary row
/// (<c>r|{id}</c>, read by id) and a copy in each listing it belongs to, keyed by its position: ticks
/// counting down from the latest time, then the id, so a key range reads newest first and a page goes
/// on after the last position returned. The listings are every request, by status, by requester, by
/// requester and status, and those waiting for a decision; each query reads one of them.
/// <para>'|' separates and '~' closes a range: identifiers contain neither, and '~' sorts after every
/// character an identifier or a position may hold.</para>
/// </summary>
public static class RequestIndexKeys
{
    public const string Summaries = "r|";
    public const string Newest = "n|";

    /// <summary>Requests with a step waiting for approval (the request, an extension, or after the fact).</summary>
    public const string Awaiting = "w|";

    public static string Summary(string requestId) => Summaries + requestId;

    public static string WithStatus(AccessRequestStatus status) => $"s|{AccessRequestLifecycle.Name(status)}|";

    public static string Of(string requester) => $"q|{requester}|";

    public static string Of(string requester, AccessRequestStatus status) => $"p|{requester}|{AccessRequestLifecycle.Name(status)}|";

    /// <summary>Where a request sorts in every listing: newest first, then by id.</summary>
    public static string Position(RequestPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return (DateTimeOffset.MaxValue.UtcTicks - position.Ticks).ToString("D19", CultureInfo.InvariantCulture) + "|" + position.Id;
    }

    /// <summary>The listing rows of a request as it stands: they change when its status or waiting step does.</summary>
    public static ImmutableArray<string> ListingsOf(RequestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var at = Position(RequestPosition.Of(summary));
        var keys = ImmutableArray.CreateBuilder<string>(5);
        keys.Add(Newest + at);
        keys.Add(WithStatus(summary.Status) + at);
        keys.Add(Of(summary.Requester) + at);
        keys.Add(Of(summary.Requester, summary.Status) + at);
        if (summary.AwaitingApprovers is not null)
        {
            keys.Add(Awaiting + at);
        }

        return keys.ToImmutable();
    }

    /// <summary>The rows of <paramref name="listing"/> created before <paramref name="cutOff"/> (the oldest end).</summary>
    public static KeyRange CreatedBefore(string listing, DateTimeOffset cutOff) =>
        new(listing + (DateTimeOffset.MaxValue.UtcTicks - cutOff.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture), Inclusive: true, listing + "~");

    /// <summary>The rows of <paramref name="listing"/> after <paramref name="after"/> (all of them without one).</summary>
    public static KeyRange After(string listing, RequestPosition? after) =>
        after is null ? new KeyRange(listing, Inclusive: true, listing + "~") : new KeyRange(listing + Position(after), Inclusive: false, listing + "~");
}

/// <summary>A request's place in the listings: its creation time in ticks, then its id.</summary>
public sealed record RequestPosition(long Ticks, string Id)
{
    public static RequestPosition Of(RequestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new RequestPosition(summary.CreatedAt.UtcTicks, summary.Id);
    }
}
