using Kagi.Domain.Requests;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;
using static Kagi.Tests.Domain.RequestFixtures;

namespace Kagi.Tests.Domain;

/// <summary>The tenant's request listing: which rows answer a query, newest first, stable pages, and who a request waits for.</summary>
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
    public void Listing_keys_sort_newest_first_then_by_id()
    {
        var all = Enumerable.Range(0, 30).Select(i => Summary(i % 10) with { Id = $"r{i:D3}" }).ToList();

        var byKey = all.OrderBy(s => RequestIndexKeys.Position(RequestPosition.Of(s)), StringComparer.Ordinal).Select(s => s.Id);

        Assert.Equal(all.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id), byKey);
    }

    [Fact]
    public void Pages_read_as_key_ranges_follow_on_without_gaps_or_repeats()
    {
        var all = Enumerable.Range(0, 25).Select(i => Summary(i % 7) with { Id = $"r{i:D3}" }).ToList();
        var rows = all.ToDictionary(s => RequestIndexKeys.Newest + RequestIndexKeys.Position(RequestPosition.Of(s)), StringComparer.Ordinal);
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var range = RequestIndexKeys.After(RequestIndexKeys.Newest, RequestListing.After(continuation));
            var read = rows.Keys
                .Where(k => (range.Inclusive ? string.CompareOrdinal(k, range.From) >= 0 : string.CompareOrdinal(k, range.From) > 0) && string.CompareOrdinal(k, range.Before) < 0)
                .Order(StringComparer.Ordinal).Take(11).Select(k => rows[k]).ToList();
            var page = RequestListing.PageOf(read, 10);
            seen.AddRange(page.Items.Select(s => s.Id));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(all.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id), seen);
    }

    [Fact]
    public void Each_query_reads_the_one_listing_that_answers_it()
    {
        var admin = new Caller("t", "ann", [KagiRoles.Admin], "10.0.0.1");
        var user = new Caller("t", "erin", [KagiRoles.User], "10.0.0.2");

        Assert.Equal(new RequestScan("n|", null, null, null), RequestListing.ScanFor(new RequestQuery(null, false, false, null, 10), admin));
        Assert.Equal(new RequestScan("s|approved|", null, null, null), RequestListing.ScanFor(new RequestQuery(AccessRequestStatus.Approved, false, false, null, 10), admin));
        Assert.Equal(new RequestScan("q|ann|", null, null, null), RequestListing.ScanFor(new RequestQuery(null, true, false, null, 10), admin));
        Assert.Equal(new RequestScan("p|ann|expired|", null, null, null), RequestListing.ScanFor(new RequestQuery(AccessRequestStatus.Expired, true, false, null, 10), admin));

        // Someone who may not read every request reads their own rows, asked for "mine" or not.
        Assert.Equal(new RequestScan("q|erin|", null, null, null), RequestListing.ScanFor(new RequestQuery(null, false, false, null, 10), user));
        Assert.Equal(new RequestScan("p|erin|pending|", null, null, null), RequestListing.ScanFor(new RequestQuery(AccessRequestStatus.Pending, false, false, null, 10), user));

        Assert.Equal(new RequestScan("w|", AccessRequestStatus.Pending, null, "erin"), RequestListing.ScanFor(new RequestQuery(AccessRequestStatus.Pending, false, true, null, 10), user));
        Assert.Equal(new RequestScan("w|", null, "ann", "ann"), RequestListing.ScanFor(new RequestQuery(null, true, true, null, 10), admin));
    }

    [Fact]
    public void A_request_moves_between_listings_as_its_status_and_waiting_step_change()
    {
        var approvers = new ApproverSet([], [KagiRoles.Approver], []);
        var waiting = Summary(1, "erin", AccessRequestStatus.Pending, approvers);
        var at = RequestIndexKeys.Position(RequestPosition.Of(waiting));

        Assert.Equal(["n|" + at, "s|pending|" + at, "q|erin|" + at, "p|erin|pending|" + at, "w|" + at], RequestIndexKeys.ListingsOf(waiting).AsEnumerable());
        Assert.Equal(["n|" + at, "s|approved|" + at, "q|erin|" + at, "p|erin|approved|" + at],
            RequestIndexKeys.ListingsOf(waiting with { Status = AccessRequestStatus.Approved, AwaitingApprovers = null }).AsEnumerable());
    }

    [Fact]
    public void What_waits_for_the_caller_includes_what_they_decide_as_a_delegate_but_never_their_own()
    {
        var approvers = new ApproverSet([], [KagiRoles.Approver], []);
        var alices = Summary(1, "alice", AccessRequestStatus.Pending, approvers);
        var erins = Summary(3, "erin", AccessRequestStatus.Pending, approvers) with { Excluded = ["erin", "bob"] };
        var bobAway = Person("bob", [KagiRoles.Approver], []) with { Delegation = new Delegation("erin", Now.AddHours(-1), Now.AddHours(1)) };

        Assert.True(RequestSummaries.AwaitsDecisionBy(alices, Directory(Now), "carol"));
        Assert.True(RequestSummaries.AwaitsDecisionBy(erins, Directory(Now), "carol"));
        Assert.True(RequestSummaries.AwaitsDecisionBy(alices, Directory(Now), "bob"));
        Assert.False(RequestSummaries.AwaitsDecisionBy(erins, Directory(Now), "bob"));
        Assert.False(RequestSummaries.AwaitsDecisionBy(Summary(2, "erin", AccessRequestStatus.Approved), Directory(Now), "carol"));

        // erin may decide alice's as bob's delegate, but not her own.
        Assert.True(RequestSummaries.AwaitsDecisionBy(alices, Directory(Now, bobAway), "erin"));
        Assert.False(RequestSummaries.AwaitsDecisionBy(erins, Directory(Now, bobAway), "erin"));
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

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("-5_r001")]
    [InlineData("99999999999999999999_r001")]
    [InlineData("12_")]
    public void A_forged_continuation_is_refused(string token)
    {
        var e = Assert.Throws<KagiException>(() => RequestListing.After(token));

        Assert.Equal(ProblemCode.Invalid, e.Code);
    }
}
