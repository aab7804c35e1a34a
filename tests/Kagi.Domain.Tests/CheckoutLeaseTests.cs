using Kagi.Domain.Requests;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Requests;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>Pure rules of who may hold an account and until when.</summary>
public sealed class CheckoutLeaseTests
{
    private const string Account = "db-prod-sa";
    private const string Alice = "alice";
    private const string Bob = "bob";

    private static readonly DateTimeOffset From = new(2030, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = From.AddHours(4);
    private static readonly DateTimeOffset Inside = From.AddHours(1);

    private static readonly ProblemCode[] GrantRefusals =
        [ProblemCode.Forbidden, ProblemCode.NotApproved, ProblemCode.OutsideWindow, ProblemCode.CheckedOut];

    private static AccessRequestInfo Request(
        string id = "req-1",
        string requester = Alice,
        AccessRequestStatus status = AccessRequestStatus.Approved,
        string account = Account,
        DateTimeOffset? from = null,
        DateTimeOffset? until = null) =>
        new(id, account, requester, from ?? From, until ?? Until, "maintenance", status, From.AddDays(-1),
            status is AccessRequestStatus.Approved or AccessRequestStatus.Rejected ? new DecisionInfo("carol", From.AddHours(-1), status == AccessRequestStatus.Approved, null) : null)
        {
            ApprovedAt = status is AccessRequestStatus.Approved or AccessRequestStatus.Expired ? From.AddHours(-1) : null,
        };

    [Fact]
    public void The_requester_of_an_approved_request_gets_a_lease_that_ends_with_the_window()
    {
        var lease = CheckoutLease.Grant(null, Account, Request(), Alice, Inside);

        Assert.Equal(new LeaseState("req-1", Alice, Inside, Until), lease);
        Assert.False(CheckoutLease.IsExpired(lease, Until.AddTicks(-1)));
        Assert.True(CheckoutLease.IsExpired(lease, Until));
    }

    [Fact]
    public void Checkout_is_allowed_from_the_first_instant_of_the_window()
    {
        var lease = CheckoutLease.Grant(null, Account, Request(), Alice, From);

        Assert.Equal(From, lease.CheckedOutAt);
    }

    [Fact]
    public void Checkout_is_refused_outside_the_approved_window()
    {
        var before = Assert.Throws<KagiException>(() => CheckoutLease.Grant(null, Account, Request(), Alice, From.AddTicks(-1)));
        var atUntil = Assert.Throws<KagiException>(() => CheckoutLease.Grant(null, Account, Request(), Alice, Until));
        var after = Assert.Throws<KagiException>(() => CheckoutLease.Grant(null, Account, Request(), Alice, Until.AddDays(1)));

        Assert.Equal(ProblemCode.OutsideWindow, before.Code);
        Assert.Equal(ProblemCode.OutsideWindow, atUntil.Code);
        Assert.Equal(ProblemCode.OutsideWindow, after.Code);
    }

    [Theory]
    [InlineData(AccessRequestStatus.Pending)]
    [InlineData(AccessRequestStatus.Rejected)]
    public void Checkout_is_refused_for_a_request_that_is_not_approved(AccessRequestStatus status)
    {
        var e = Assert.Throws<KagiException>(() => CheckoutLease.Grant(null, Account, Request(status: status), Alice, Inside));

        Assert.Equal(ProblemCode.NotApproved, e.Code);
    }

    [Fact]
    public void Checkout_is_refused_for_an_expired_request()
    {
        var e = Assert.Throws<KagiException>(() => CheckoutLease.Grant(null, Account, Request(status: AccessRequestStatus.Expired), Alice, Inside));

        Assert.Equal(ProblemCode.OutsideWindow, e.Code);
    }

    [Fact]
    public void Only_the_requester_can_check_out_under_a_request()
    {
        var e = Assert.Throws<KagiException>(() => CheckoutLease.Grant(null, Account, Request(), Bob, Inside));

        Assert.Equal(ProblemCode.Forbidden, e.Code);
    }

    [Fact]
    public void The_requester_match_is_exact()
    {
        var e = Assert.Throws<KagiException>(() => CheckoutLease.Grant(null, Account, Request(), "Alice", Inside));

        Assert.Equal(ProblemCode.Forbidden, e.Code);
    }

    [Fact]
    public void A_request_for_another_account_does_not_check_out_this_one()
    {
        var e = Assert.Throws<KagiException>(() => CheckoutLease.Grant(null, Account, Request(account: "web-root"), Alice, Inside));

        Assert.Equal(ProblemCode.Invalid, e.Code);
    }

    [Fact]
    public void A_second_person_is_refused_while_a_lease_is_live()
    {
        var alices = CheckoutLease.Grant(null, Account, Request(), Alice, Inside);

        var e = Assert.Throws<KagiException>(() =>
            CheckoutLease.Grant(alices, Account, Request(id: "req-2", requester: Bob), Bob, Inside.AddMinutes(1)));

        Assert.Equal(ProblemCode.CheckedOut, e.Code);
    }

    [Fact]
    public void The_same_holder_under_another_request_is_refused_while_a_lease_is_live()
    {
        var first = CheckoutLease.Grant(null, Account, Request(), Alice, Inside);

        var e = Assert.Throws<KagiException>(() =>
            CheckoutLease.Grant(first, Account, Request(id: "req-2", until: Until.AddHours(8)), Alice, Inside.AddMinutes(1)));

        Assert.Equal(ProblemCode.CheckedOut, e.Code);
    }

    [Fact]
    public void The_same_holder_and_request_again_gets_the_same_lease_back()
    {
        var first = CheckoutLease.Grant(null, Account, Request(), Alice, Inside);

        var again = CheckoutLease.Grant(first, Account, Request(), Alice, Inside.AddMinutes(30));

        Assert.Same(first, again);
        Assert.Equal(Inside, again.CheckedOutAt);
    }

    [Fact]
    public void An_expired_lease_can_be_replaced_by_someone_else()
    {
        var old = new LeaseState("req-0", Bob, From.AddHours(-5), Inside);

        var lease = CheckoutLease.Grant(old, Account, Request(), Alice, Inside);

        Assert.Equal(new LeaseState("req-1", Alice, Inside, Until), lease);
    }

    [Fact]
    public void The_window_is_checked_before_an_existing_lease_is_handed_back()
    {
        var first = CheckoutLease.Grant(null, Account, Request(), Alice, Inside);

        var e = Assert.Throws<KagiException>(() => CheckoutLease.Grant(first, Account, Request(status: AccessRequestStatus.Expired), Alice, Until));

        Assert.Equal(ProblemCode.OutsideWindow, e.Code);
    }

    [Fact]
    public void The_holder_can_check_in()
    {
        var lease = CheckoutLease.Grant(null, Account, Request(), Alice, Inside);

        Assert.Same(lease, CheckoutLease.EnsureCanCheckIn(lease, Alice, callerIsAdmin: false));
    }

    [Fact]
    public void An_admin_can_check_in_someone_elses_lease()
    {
        var lease = CheckoutLease.Grant(null, Account, Request(), Alice, Inside);

        Assert.Same(lease, CheckoutLease.EnsureCanCheckIn(lease, Bob, callerIsAdmin: true));
    }

    [Fact]
    public void Another_user_cannot_check_in_someone_elses_lease()
    {
        var lease = CheckoutLease.Grant(null, Account, Request(), Alice, Inside);

        var e = Assert.Throws<KagiException>(() => CheckoutLease.EnsureCanCheckIn(lease, Bob, callerIsAdmin: false));

        Assert.Equal(ProblemCode.Forbidden, e.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_in_is_refused_when_nobody_has_checked_out(bool callerIsAdmin)
    {
        var e = Assert.Throws<KagiException>(() => CheckoutLease.EnsureCanCheckIn(null, Alice, callerIsAdmin));

        Assert.Equal(ProblemCode.InvalidState, e.Code);
    }

    /// <summary>
    /// Random walks over the request workflow and the clock (seeded, so deterministic): a lease is only
    /// ever granted to the requester of an approved request, inside its window, and it never outlives it.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(2030)]
    public void Random_histories_never_yield_a_lease_for_an_unapproved_or_expired_request(int seed)
    {
#pragma warning disable CA5394 // Deterministic test data, not security.
        var random = new Random(seed);
        var workflow = new RequestFixtures.Submitter(TimeSpan.FromHours(6));
        string[] people = [Alice, Bob, "carol"];
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var now = start;
        var requests = new List<(string Id, AccessRequestState State)>();
        LeaseState? lease = null;
        var granted = 0;

        for (var step = 0; step < 2000; step++)
        {
            switch (random.Next(6))
            {
                case 0:
                    {
                        var from = now.AddMinutes(random.Next(-60, 180));
                        var until = from.AddMinutes(random.Next(1, 360));
                        var reason = "r";
                        try
                        {
                            var state = workflow.Submit(people[random.Next(people.Length)], new NewAccessRequest(Account, from, until, reason), now);
                            requests.Add(($"req-{requests.Count}", state));
                        }
                        catch (KagiException e)
                        {
                            Assert.Equal(ProblemCode.Invalid, e.Code);
                            Assert.True(until <= now);
                        }

                        break;
                    }

                case 1 when requests.Count > 0:
                case 2 when requests.Count > 0:
                    {
                        var i = random.Next(requests.Count);
                        var decider = people[random.Next(people.Length)];
                        var before = requests[i].State;
                        try
                        {
                            var after = random.Next(2) == 0
                                ? RequestFixtures.Approve(before, decider, null, now)
                                : RequestFixtures.Reject(before, decider, "no", now);
                            Assert.NotEqual(before.Requester, decider);
                            Assert.Equal(AccessRequestStatus.Pending, AccessRequestLifecycle.StatusAt(before, now));
                            requests[i] = (requests[i].Id, after);
                        }
                        catch (KagiException e)
                        {
                            Assert.True(
                                (e.Code == ProblemCode.SelfApproval && before.Requester == decider)
                                || (e.Code == ProblemCode.Forbidden && decider == Alice)
                                || (e.Code == ProblemCode.InvalidState && AccessRequestLifecycle.StatusAt(before, now) != AccessRequestStatus.Pending),
                                $"Unexpected refusal {e.Code}.");
                        }

                        break;
                    }

                case 3 when requests.Count > 0:
                case 4 when requests.Count > 0:
                    {
                        var (id, state) = requests[random.Next(requests.Count)];
                        var caller = random.Next(4) == 0 ? people[random.Next(people.Length)] : state.Requester;
                        var info = new AccessRequestInfo(id, state.AccountId, state.Requester, state.From, state.Until, state.Reason,
                            AccessRequestLifecycle.StatusAt(state, now), state.CreatedAt, state.Decision)
                        { Items = state.AllItems, ApprovedAt = state.ApprovedAt };
                        try
                        {
                            var next = CheckoutLease.Grant(lease, Account, info, caller, now);
                            Assert.Equal(caller, state.Requester);
                            Assert.Equal(AccessRequestStatus.Approved, state.Status);
                            Assert.Equal(AccessRequestStatus.Approved, info.Status);
                            Assert.True(state.Decision is { Approved: true } d && d.DecidedBy != state.Requester);
                            Assert.InRange(now, state.From, state.Until.AddTicks(-1));
                            Assert.Equal(state.Until, next.Until);
                            Assert.Equal(id, next.RequestId);
                            Assert.False(CheckoutLease.IsExpired(next, now));
                            if (lease is not null && !CheckoutLease.IsExpired(lease, now))
                            {
                                Assert.Same(lease, next);
                            }

                            lease = next;
                            granted++;
                        }
                        catch (KagiException e)
                        {
                            Assert.Contains(e.Code, GrantRefusals);
                        }

                        break;
                    }

                default:
                    now = now.AddMinutes(random.Next(1, 90));
                    break;
            }
        }

        // The walk must actually exercise the grant path, or the assertions above prove nothing.
        Assert.True(granted > 0, "No lease was granted in the whole walk.");
#pragma warning restore CA5394
    }

    [Fact]
    public void An_account_stores_a_grant_that_gives_access_or_changes_one_it_holds_and_nothing_else()
    {
        var pending = AccessGrant.Of(Request(status: AccessRequestStatus.Pending), Account)!;
        var approved = AccessGrant.Of(Request(), Account)!;
        var revoked = AccessGrant.Of(Request(status: AccessRequestStatus.Revoked), Account)!;

        // Pending or refused before approval: nothing can be checked out under it, so it is not written.
        Assert.False(CheckoutLease.IsWorthStoring([], pending));
        Assert.False(CheckoutLease.IsWorthStoring([], AccessGrant.Of(Request(status: AccessRequestStatus.Rejected), Account)!));
        Assert.False(CheckoutLease.IsWorthStoring([], revoked));

        Assert.True(CheckoutLease.IsWorthStoring([], approved));
        Assert.False(CheckoutLease.IsWorthStoring([approved], approved));

        // Once held, every later change of the request replaces it, so a revoked window cannot be checked out.
        Assert.True(CheckoutLease.IsWorthStoring([approved], revoked));
        Assert.True(CheckoutLease.IsWorthStoring([approved], pending));
        Assert.False(CheckoutLease.IsWorthStoring([AccessGrant.Of(Request(id: "req-2"), Account)!], revoked));
    }

    [Fact]
    public void A_request_unknown_to_the_account_is_refused_as_not_found_naming_the_request_field()
    {
        var refusal = CheckoutLease.UnknownRequest("req-9");

        Assert.Equal(ProblemCode.NotFound, refusal.Code);
        Assert.Contains("req-9", refusal.Message, StringComparison.Ordinal);
        Assert.True(refusal.Fields?.ContainsKey("requestId"));
    }
}
