using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;
using static Kagi.Tests.Domain.RequestFixtures;

namespace Kagi.Tests.Domain;

/// <summary>The tenant's request listing: newest first, stable pages, filters, and who a request waits for.</summary>
public sealed class RequestListingTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 5, 10, 0, 0, TimeSpan.Zero);

    private static RequestSummary Summary(int i, string requester = "alice", AccessRequestStatus status = AccessRequestStatus.Pending, ApproverSet? awaiting = null) =>
        new($"r{i:D3}", requester, status, ["db"], Now, Now.AddHours(1), Now.AddMinutes(i), Emergency: false)
        {
            AwaitingApprovers = awaiting,
            Excluded = [requester],
        };

    [Fact]
    public void Pages_run_newest_first_and_follow_on_without_gaps_or_repeats()
    {
        var all = Enumerable.Range(0, 25).Select(i => Summary(i)).ToList();
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = RequestListing.Page(all, new RequestQuery(null, false, false, continuation, 10), "zoe", Directory(Now));
            seen.AddRange(page.Items.Select(s => s.Id));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(all.OrderByDescending(s => s.CreatedAt).Select(s => s.Id), seen);
    }

    [Fact]
    public void Filters_by_status_mine_and_what_waits_for_the_caller_including_as_a_delegate()
    {
        var approvers = new ApproverSet([], [KagiRoles.Approver], []);
        var all = new[]
        {
            Summary(1, "alice", AccessRequestStatus.Pending, approvers),
            Summary(2, "erin", AccessRequestStatus.Approved),
            Summary(3, "erin", AccessRequestStatus.Pending, approvers) with { Excluded = ["erin", "bob"] },
        };
        var bobAway = Person("bob", [KagiRoles.Approver], []) with { Delegation = new Delegation("erin", Now.AddHours(-1), Now.AddHours(1)) };

        Assert.Equal(["r002"], RequestListing.Page(all, new RequestQuery(AccessRequestStatus.Approved, false, false, null, 10), "zoe", Directory(Now)).Items.Select(s => s.Id));
        Assert.Equal(["r003", "r002"], RequestListing.Page(all, new RequestQuery(null, true, false, null, 10), "erin", Directory(Now)).Items.Select(s => s.Id));
        Assert.Equal(["r003", "r001"], RequestListing.Page(all, new RequestQuery(null, false, true, null, 10), "carol", Directory(Now)).Items.Select(s => s.Id));
        Assert.Equal(["r001"], RequestListing.Page(all, new RequestQuery(null, false, true, null, 10), "bob", Directory(Now)).Items.Select(s => s.Id));

        // erin may decide r001 as bob's delegate, but not her own r003.
        Assert.Equal(["r001"], RequestListing.Page(all, new RequestQuery(null, false, true, null, 10), "erin", Directory(Now, bobAway)).Items.Select(s => s.Id));
    }

    [Fact]
    public void What_a_user_may_hold_is_every_account_of_their_approved_requests_only()
    {
        var all = new[]
        {
            Summary(1, "erin", AccessRequestStatus.Approved) with { AccountIds = ["db", "web", "db"] },
            Summary(2, "erin", AccessRequestStatus.Pending),
            Summary(3, "erin", AccessRequestStatus.Expired),
            Summary(4, "erin", AccessRequestStatus.Revoked),
            Summary(5, "bob", AccessRequestStatus.Approved),
            Summary(6, "erin", AccessRequestStatus.Approved) with { AccountIds = ["ldap"] },
        };

        Assert.Equal([new HeldAccount("r001", "db"), new HeldAccount("r001", "web"), new HeldAccount("r006", "ldap")], RequestListing.HeldUnder(all, "erin").AsEnumerable());
        Assert.Empty(RequestListing.HeldUnder(all, "zoe"));
    }

    [Fact]
    public void A_forged_continuation_is_refused()
    {
        var e = Assert.Throws<KagiException>(() => RequestListing.Page([Summary(1)], new RequestQuery(null, false, false, "not-a-token", 10), "zoe", Directory(Now)));

        Assert.Equal(ProblemCode.Invalid, e.Code);
    }

    [Fact]
    public void Trimming_keeps_every_open_request_and_only_the_newest_closed_ones()
    {
        var open = Enumerable.Range(0, 10).Select(i => Summary(i));
        var closed = Enumerable.Range(10, RequestListing.RetainedClosed + 50).Select(i => Summary(i, status: AccessRequestStatus.Expired));
        var all = open.Concat(closed).ToImmutableSortedDictionary(s => s.Id, s => s, StringComparer.Ordinal);

        var kept = RequestListing.Trim(all);

        Assert.Equal(10 + RequestListing.RetainedClosed, kept.Count);
        Assert.All(Enumerable.Range(0, 10), i => Assert.True(kept.ContainsKey($"r{i:D3}")));
        Assert.False(kept.ContainsKey("r010"));
    }
}
