using Kagi.Domain.Vault;
using Kagi.Requests;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>What falls due on a one-time template, and how a template stored in an account's state moves to its own.</summary>
public sealed class OneTimeTemplateAgendaTests
{
    private static readonly DateTimeOffset Start = new(2031, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly OneTimeTemplate Jit = new("pg", "jit", [], OneTimeEndAction.Remove);
    private static readonly LeaseState Lease = new("r1", "bob", Start, Start.AddHours(2));

    private static OneTimeTemplateState Template() => new() { Exists = true, Template = Jit, CreatedAt = Start };

    [Fact]
    public void A_lease_falls_due_at_its_end_and_its_account_is_cleaned_up_after()
    {
        var held = Template() with { Leases = [Lease], Accounts = OneTimeLifecycle.Created(OneTimeLifecycle.Intend([], Lease, "jit_abcdefgh", [1], Start), "jit_abcdefgh") };

        Assert.Equal(Lease.Until, OneTimeTemplateAgenda.NextDue(held));
        Assert.Empty(OneTimeTemplateAgenda.Due(held, Lease.Until.AddTicks(-1)).ExpiredLeases);
        Assert.Equal(Lease, Assert.Single(OneTimeTemplateAgenda.Due(held, Lease.Until).ExpiredLeases));

        var ended = held with { Leases = [], Accounts = OneTimeLifecycle.EndFor(held.AllAccounts, [Lease], Lease.Until) };
        Assert.True(OneTimeTemplateAgenda.Due(ended, Lease.Until).Cleanup);
        Assert.Equal(Lease.Until, OneTimeTemplateAgenda.NextDue(ended));
    }

    [Fact]
    public void A_template_with_nothing_held_and_nothing_to_clean_needs_no_reminder()
    {
        Assert.Null(OneTimeTemplateAgenda.NextDue(Template()));
        Assert.False(OneTimeTemplateAgenda.Due(Template(), Start.AddDays(30)).Cleanup);
    }

    [Fact]
    public void A_template_an_earlier_version_kept_in_the_account_state_moves_as_it_was_with_its_single_lease()
    {
        var grant = new AccessGrant("r1", "bob", AccessRequestStatus.Approved, Start, Start, Start.AddHours(2));
        var other = Lease with { RequestId = "r2", Holder = "carol" };
        var instance = OneTimeLifecycle.Intend([], Lease, "jit_abcdefgh", [1, 2], Start);
        var legacy = new AccountState
        {
            Exists = true, TargetId = "pg", Username = "jit", CreatedAt = Start, OneTime = Jit,
            Policy = AccountPolicy.Default with { RotateOnCheckin = false, ShowPassword = false },
            Lease = Lease, Leases = [other], Grants = [grant], OneTimeAccounts = instance,
        };

        var moved = OneTimeTemplateState.From(legacy);

        Assert.True(moved.Exists);
        Assert.Equal((Jit, Start, legacy.Policy), (moved.Template, moved.CreatedAt, moved.Policy));
        Assert.Equal<LeaseState>([other, Lease], moved.AllLeases);
        Assert.Equal<AccessGrant>([grant], moved.AllGrants);
        Assert.Equal<OneTimeInstance>(instance, moved.AllAccounts);
        Assert.Throws<ArgumentException>(() => OneTimeTemplateState.From(legacy with { OneTime = null }));
    }

    [Fact]
    public void A_single_lease_an_earlier_version_stored_joins_the_list_once()
    {
        var folded = new AccountState { Exists = true, Lease = Lease }.WithSingleLeaseFolded();

        Assert.Null(folded.Lease);
        Assert.Equal<LeaseState>([Lease], folded.AllLeases);
        Assert.Same(folded, folded.WithSingleLeaseFolded());
    }
}
