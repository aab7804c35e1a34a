using System.Collections.Immutable;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>The life of a one-time account, driven by explicit times.</summary>
public sealed class OneTimeLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2030, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly LeaseState Lease = new("r1", "bob", Start, Start.AddHours(2));
    private static readonly OneTimeTemplate Template = new("pg", "jit", ["reporting"], OneTimeEndAction.Remove);

    private static OneTimeTemplateState TemplateState(ImmutableArray<OneTimeInstance> instances, params LeaseState[] leases) =>
        new() { Exists = true, CreatedAt = Start, Template = Template, Accounts = instances, Leases = [.. leases] };

    private static ImmutableArray<OneTimeInstance> Intended(DateTimeOffset at) => OneTimeLifecycle.Intend([], Lease, "jit_abcd1234", [1, 2, 3], at);

    [Fact]
    public void New_names_carry_the_prefix_and_a_random_suffix_that_postgres_linux_and_ldap_accept()
    {
        var names = Enumerable.Range(0, 200).Select(_ => OneTimeLifecycle.NewUsername("jit", SeededRandom.Any())).ToList();

        Assert.All(names, n => Assert.Matches("^jit_[a-z0-9]{8}$", n));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.True(Kagi.Connectors.LinuxAccountName.IsValid(OneTimeLifecycle.NewUsername(new string('p', OneTimeLifecycle.MaximumPrefixLength), SeededRandom.Any())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Jit")]
    [InlineData("1jit")]
    [InlineData("jit-ops")]
    [InlineData("a_prefix_that_is_too_long")]
    [InlineData("jit;drop")]
    public void Bad_prefixes_are_refused(string prefix)
    {
        var refused = Assert.Throws<KagiException>(() => OneTimeLifecycle.Validate(Template with { Prefix = prefix }));

        Assert.Equal(ProblemCode.Invalid, refused.Code);
    }

    [Fact]
    public void Grants_are_checked_and_deduplicated()
    {
        Assert.Equal<string>(["a", "b"], OneTimeLifecycle.Validate(Template with { Grants = ["a", "b", "a"] }).Grants);
        Assert.Empty(OneTimeLifecycle.Validate(Template with { Grants = default }).Grants);
        Assert.Throws<KagiException>(() => OneTimeLifecycle.Validate(Template with { Grants = [" "] }));
        Assert.Throws<KagiException>(() => OneTimeLifecycle.Validate(Template with { Grants = [new string('g', 64)] }));
        Assert.Throws<KagiException>(() => OneTimeLifecycle.Validate(Template with { EndAction = (OneTimeEndAction)7 }));
    }

    [Fact]
    public void The_intent_is_the_first_state_and_created_makes_it_the_leases_account()
    {
        var intended = Intended(Start);
        var intent = Assert.Single(intended);
        Assert.Equal((OneTimePhase.Creating, Lease.Until), (intent.Phase, intent.Until));

        var created = OneTimeLifecycle.Created(intended, "jit_abcd1234");

        Assert.Equal(OneTimePhase.Active, OneTimeLifecycle.For(created, Lease)!.Phase);
        Assert.Null(OneTimeLifecycle.For(created, Lease with { Holder = "erin" }));
        Assert.Empty(OneTimeLifecycle.DueForCleanup(OneTimeLifecycle.EndOverdue(created, Start.AddHours(1)), Start.AddHours(1)));
    }

    [Fact]
    public void Releasing_the_lease_ends_its_account_and_cleanup_is_due_at_once()
    {
        var active = OneTimeLifecycle.Created(Intended(Start), "jit_abcd1234");

        var ended = OneTimeLifecycle.EndFor(active, [Lease], Start.AddMinutes(10));

        var due = Assert.Single(OneTimeLifecycle.DueForCleanup(ended, Start.AddMinutes(10)));
        Assert.Equal(OneTimePhase.Ending, due.Phase);
        Assert.False(due.RemoveRegardless);
        Assert.Equal(Start.AddMinutes(10), OneTimeLifecycle.NextDue(ended));
    }

    [Fact]
    public void The_window_closing_ends_the_account_even_without_the_lease()
    {
        var active = OneTimeLifecycle.Created(Intended(Start), "jit_abcd1234");

        Assert.Equal(Lease.Until, OneTimeLifecycle.NextDue(active));
        Assert.Empty(OneTimeLifecycle.DueForCleanup(OneTimeLifecycle.EndOverdue(active, Lease.Until.AddSeconds(-1)), Lease.Until.AddSeconds(-1)));
        Assert.Single(OneTimeLifecycle.DueForCleanup(OneTimeLifecycle.EndOverdue(active, Lease.Until), Lease.Until));
    }

    [Fact]
    public void An_intent_left_by_a_crash_is_cleaned_up_after_the_grace_and_always_removed_never_just_disabled()
    {
        var intended = Intended(Start);
        var grace = Start + OneTimeLifecycle.CreationGrace;

        Assert.Equal(grace, OneTimeLifecycle.NextDue(intended));
        Assert.Empty(OneTimeLifecycle.DueForCleanup(OneTimeLifecycle.EndOverdue(intended, grace.AddSeconds(-1)), grace.AddSeconds(-1)));
        var orphan = Assert.Single(OneTimeLifecycle.DueForCleanup(OneTimeLifecycle.EndOverdue(intended, grace), grace));
        Assert.True(orphan.RemoveRegardless);
    }

    [Fact]
    public void Failed_cleanups_back_off_from_15_seconds_to_15_minutes_and_never_give_up()
    {
        var ending = OneTimeLifecycle.End(OneTimeLifecycle.Created(Intended(Start), "jit_abcd1234"), _ => true, Start);
        var now = Start;
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            ending = OneTimeLifecycle.CleanupFailed(ending, "jit_abcd1234", now, "target down");
            var next = ending[0].NextCleanupAt!.Value;
            delays.Add(next - now);
            Assert.Empty(OneTimeLifecycle.DueForCleanup(ending, next.AddTicks(-1)));
            Assert.Single(OneTimeLifecycle.DueForCleanup(ending, next));
            now = next;
        }

        Assert.Equal([15, 30, 60, 120, 240, 480, 900, 900, 900, 900], delays.Select(d => (int)d.TotalSeconds));
        Assert.Equal((10, "target down"), (ending[0].CleanupAttempts, ending[0].LastError));
        Assert.Empty(OneTimeLifecycle.Forget(ending, "jit_abcd1234"));
    }

    [Fact]
    public void The_agenda_of_a_template_is_lease_ends_and_cleanup_never_rotation_or_heartbeat()
    {
        var policy = new AccountPolicy { Rotation = new RotationScheduleSpec(TimeSpan.FromMinutes(5), null, null), Heartbeat = TimeSpan.FromMinutes(5) };
        var template = TemplateState(OneTimeLifecycle.Created(Intended(Start), "jit_abcd1234"), Lease) with { Policy = policy };

        // A rotation schedule or heartbeat in the policy never wakes a template: only its lease and its account do.
        Assert.Equal(Lease.Until, OneTimeTemplateAgenda.NextDue(template));
        var midway = OneTimeTemplateAgenda.Due(template, Start.AddHours(1));
        Assert.False(midway.Cleanup);
        Assert.Empty(midway.ExpiredLeases);
        var after = OneTimeTemplateAgenda.Due(template, Lease.Until);
        Assert.Equal<LeaseState>([Lease], after.ExpiredLeases);
        Assert.True(after.Cleanup);
        Assert.Null(OneTimeTemplateAgenda.NextDue(TemplateState([])));
    }
}
