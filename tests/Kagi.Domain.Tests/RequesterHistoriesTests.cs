using Kagi.Domain.Requests;
using Kagi.Requests;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>The requester's history beside a request: their other requests only, newest first, bounded, counted by outcome.</summary>
public sealed class RequesterHistoriesTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 5, 10, 0, 0, TimeSpan.Zero);

    private static RequestSummary Summary(int i, AccessRequestStatus status = AccessRequestStatus.Pending, string requester = "bob") =>
        new($"r{i:D4}", requester, status, ["db"], Now, Now.AddHours(1), Now.AddMinutes(-i), Emergency: false);

    [Fact]
    public void A_granted_request_whose_window_ended_counts_as_approved_and_one_that_lapsed_undecided_as_expired()
    {
        var ended = Summary(1, AccessRequestStatus.Expired) with { ApprovedAt = Now, DecidedBy = ["carol"] };
        var lapsed = Summary(2, AccessRequestStatus.Expired);
        var rejectedAfterTheFact = Summary(3, AccessRequestStatus.Rejected) with { ApprovedAt = Now, Emergency = true };

        Assert.Equal(RequesterOutcomes.Approved, RequesterHistories.Outcome(ended));
        Assert.Equal(RequesterOutcomes.Expired, RequesterHistories.Outcome(lapsed));
        Assert.Equal(RequesterOutcomes.Rejected, RequesterHistories.Outcome(rejectedAfterTheFact));
        Assert.Equal(RequesterOutcomes.Revoked, RequesterHistories.Outcome(Summary(4, AccessRequestStatus.Revoked) with { ApprovedAt = Now }));
    }

    [Fact]
    public void The_history_leaves_out_the_request_itself_and_others_requests_and_counts_each_outcome_once()
    {
        List<RequestSummary> rows =
        [
            Summary(0),
            Summary(1, AccessRequestStatus.Approved) with { ApprovedAt = Now, DecidedBy = ["carol"] },
            Summary(2, AccessRequestStatus.Rejected) with { DecidedBy = ["carol"] },
            Summary(3, AccessRequestStatus.Expired),
            Summary(4, AccessRequestStatus.Approved, requester: "eve"),
            Summary(5, AccessRequestStatus.Approved) with { ApprovedAt = Now, Emergency = true },
        ];

        var history = RequesterHistories.Of("bob", "r0000", rows);

        Assert.Equal(["r0001", "r0002", "r0003", "r0005"], history.Items.Select(i => i.Id));
        Assert.Equal("carol", Assert.Single(history.Items[0].DecidedBy));
        Assert.Equal(new RequesterHistoryCounts(Total: 4, Pending: 0, Approved: 2, Rejected: 1, Expired: 1, Revoked: 0, Emergency: 1, Complete: true), history.Counts);
    }

    [Fact]
    public void Only_the_newest_are_shown_and_only_the_newest_thousand_counted()
    {
        var rows = Enumerable.Range(1, RequesterHistories.Counted + 1).Select(i => Summary(i, AccessRequestStatus.Rejected)).ToList();

        var history = RequesterHistories.Of("bob", "r0000", rows);

        Assert.Equal(RequesterHistories.Shown, history.Items.Length);
        Assert.Equal("r0001", history.Items[0].Id);
        Assert.Equal((RequesterHistories.Counted, RequesterHistories.Counted, false), (history.Counts.Total, history.Counts.Rejected, history.Counts.Complete));
        Assert.True(RequesterHistories.Of("bob", "r0000", rows.Take(RequesterHistories.Counted).ToList()).Counts.Complete);
    }
}
