using Kagi.Domain.Vault;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>What falls due on an account, driven by explicit times (the fake clock of the agenda).</summary>
public sealed class AccountAgendaTests
{
    private const string Key = "acme/db";
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static AccountState Account(AccountPolicy? policy = null) =>
        new() { Exists = true, CreatedAt = Created, Policy = policy ?? AccountPolicy.Default };

    [Fact]
    public void A_scheduled_rotation_falls_due_when_its_time_comes_and_not_before()
    {
        var account = Account(new AccountPolicy { Rotation = new RotationScheduleSpec(TimeSpan.FromHours(1), null, null) });
        var due = AccountAgenda.NextDue(account, Key)!.Value;

        Assert.False(AccountAgenda.Due(account, Key, due.AddSeconds(-1)).ScheduledRotation);
        Assert.True(AccountAgenda.Due(account, Key, due).ScheduledRotation);
    }

    [Fact]
    public void After_a_rotation_the_next_one_is_counted_from_it()
    {
        var account = Account(new AccountPolicy { Rotation = new RotationScheduleSpec(TimeSpan.FromHours(1), null, null) });
        var rotatedAt = Created.AddHours(1).AddMinutes(3);
        var rotated = account with { Rotation = RotationState.Idle with { LastRotatedAt = rotatedAt } };

        Assert.InRange(AccountAgenda.NextDue(rotated, Key)!.Value, rotatedAt.AddHours(1), rotatedAt.AddHours(1).AddMinutes(6));
    }

    [Fact]
    public void Scheduled_work_waits_while_the_account_is_checked_out_and_the_lease_end_comes_first()
    {
        var lease = new LeaseState("r1", "bob", Created, Created.AddHours(5));
        var account = Account(new AccountPolicy { Rotation = new RotationScheduleSpec(TimeSpan.FromHours(1), null, null), Heartbeat = TimeSpan.FromHours(1) })
            with { Leases = [lease] };

        var at = Created.AddHours(2);
        var due = AccountAgenda.Due(account, Key, at);

        Assert.False(due.ScheduledRotation);
        Assert.False(due.Heartbeat);
        Assert.Empty(due.ExpiredLeases);
        Assert.Equal(lease, Assert.Single(AccountAgenda.Due(account, Key, lease.Until).ExpiredLeases));
    }

    [Fact]
    public void A_heartbeat_falls_due_one_interval_after_the_last_one()
    {
        var account = Account(new AccountPolicy { Heartbeat = TimeSpan.FromMinutes(30) }) with { LastHeartbeatAt = Created.AddHours(1) };

        Assert.Equal(Created.AddHours(1).AddMinutes(30), AccountAgenda.NextDue(account, Key));
        Assert.True(AccountAgenda.Due(account, Key, Created.AddHours(1).AddMinutes(30)).Heartbeat);
    }

    [Fact]
    public void A_pending_rotation_retries_at_its_next_attempt_and_nothing_else_is_scheduled_meanwhile()
    {
        var retryAt = Created.AddMinutes(15);
        var account = Account(new AccountPolicy { Heartbeat = TimeSpan.FromMinutes(1) })
            with { Rotation = new RotationState { Phase = RotationPhase.Pending, NextAttemptAt = retryAt, FailedAttempts = 1 } };

        Assert.Equal(retryAt, AccountAgenda.NextDue(account, Key));
        var due = AccountAgenda.Due(account, Key, retryAt);
        Assert.True(due.RotationRetry);
        Assert.False(due.Heartbeat);
    }

    [Fact]
    public void An_account_with_nothing_to_do_needs_no_reminder() =>
        Assert.Null(AccountAgenda.NextDue(Account(), Key));

    [Fact]
    public void History_keeps_only_the_most_recent_entries()
    {
        var history = System.Collections.Immutable.ImmutableArray<RotationHistoryEntry>.Empty;
        for (var i = 0; i < AccountAgenda.HistoryLength + 5; i++)
        {
            history = AccountAgenda.Record(history, new RotationHistoryEntry(Created.AddMinutes(i), "schedule", "completed", null));
        }

        Assert.Equal(AccountAgenda.HistoryLength, history.Length);
        Assert.Equal(Created.AddMinutes(AccountAgenda.HistoryLength + 4), history[^1].At);
    }
}
