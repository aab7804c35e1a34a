using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Siem;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>Issue 10, item 6: what weakens the audit record waits; what strengthens it applies at once; a shortening never purges what the retention before it kept.</summary>
public sealed class AuditSettingsInForceTests
{
    private static readonly DateTimeOffset Now = new(2031, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly SiemDestination Soc = new("soc", SiemKinds.Syslog, "soc.example", 6514, true, null);
    private static readonly SiemDestination Lake = new("lake", SiemKinds.Http, null, 0, false, "https://***@lake.example/in?***") { SealedUrl = [1, 2, 3] };

    private static AuditSettingsInForce Settings(int days, params SiemDestination[] siem) => new(days, [.. siem], null, []);

    [Fact]
    public void A_longer_retention_and_an_added_destination_apply_at_once()
    {
        var changed = Settings(365, Soc).Change(730, [Soc, Lake], "alice", Now);

        Assert.Equal(730, changed.RetentionDays);
        Assert.Equal(["soc", "lake"], changed.Siem.Select(d => d.Id));
        Assert.Null(changed.Pending);
    }

    [Fact]
    public void A_shorter_retention_waits_seven_days_while_the_longer_one_holds()
    {
        var changed = Settings(365).Change(30, [], "alice", Now);

        Assert.Equal(365, changed.RetentionDays);
        Assert.Equal(new PendingAuditSettings(30, [], "alice", Now, Now.AddDays(7)), changed.Pending! with { Siem = [] });
        Assert.False(changed.IsDue(Now.AddDays(7).AddTicks(-1)));
        Assert.True(changed.IsDue(Now.AddDays(7)));
        Assert.Equal(30, changed.TakeEffect(Now.AddDays(7)).RetentionDays);
    }

    [Fact]
    public void A_removed_destination_keeps_streaming_until_the_change_takes_effect_while_an_added_one_starts_now()
    {
        var other = Soc with { Id = "siem2", Host = "siem2.example" };
        var changed = Settings(365, Soc).Change(365, [other], "alice", Now);

        Assert.Equal(["soc", "siem2"], changed.Siem.Select(d => d.Id));
        Assert.Equal(["siem2"], changed.Pending!.Siem.Select(d => d.Id));
        Assert.Equal(["siem2"], changed.TakeEffect(Now.AddDays(7)).Siem.Select(d => d.Id));
    }

    [Fact]
    public void A_destination_pointed_elsewhere_waits_but_renewed_credentials_for_the_same_target_do_not()
    {
        var moved = Settings(365, Soc).Change(365, [Soc with { Host = "attacker.example" }], "alice", Now);
        Assert.Equal("soc.example", Assert.Single(moved.Siem).Host);
        Assert.Equal("attacker.example", Assert.Single(moved.Pending!.Siem).Host);

        var renewed = Lake with { SealedUrl = [9, 9, 9] };
        var resealed = Settings(365, Lake).Change(365, [renewed], "alice", Now);
        Assert.Null(resealed.Pending);
        Assert.Equal(renewed.SealedUrl, Assert.Single(resealed.Siem).SealedUrl);
    }

    [Fact]
    public void Each_change_replaces_what_was_pending_so_changing_back_cancels_it()
    {
        var pending = Settings(365, Soc).Change(30, [], "mallory", Now);

        var restored = pending.Change(365, [Soc], "alice", Now.AddDays(1));

        Assert.Null(restored.Pending);
        Assert.Equal((365, "soc"), (restored.RetentionDays, Assert.Single(restored.Siem).Id));
    }

    [Fact]
    public void Asking_again_for_what_waits_keeps_its_time_while_a_different_weakening_starts_a_new_wait()
    {
        var pending = Settings(365, Soc, Lake).Change(30, [Lake], "mallory", Now);

        // Another settings page saves and sends the waiting values back, with the lake's credentials renewed.
        var renewed = Lake with { SealedUrl = [7, 7, 7] };
        var again = pending.Change(30, [renewed], "alice", Now.AddDays(3));
        Assert.Equal(("mallory", Now, Now.AddDays(7)), (again.Pending!.RequestedBy, again.Pending.RequestedAt, again.Pending.EffectiveAt));
        Assert.Equal(renewed.SealedUrl, Assert.Single(again.Pending.Siem).SealedUrl);
        Assert.True(again.IsDue(Now.AddDays(7)));

        var different = pending.Change(60, [Lake], "alice", Now.AddDays(3));
        Assert.Equal(("alice", Now.AddDays(3), Now.AddDays(10)), (different.Pending!.RequestedBy, different.Pending.RequestedAt, different.Pending.EffectiveAt));
    }

    [Fact]
    public void After_a_shortening_takes_effect_records_written_before_it_keep_the_retention_before_it()
    {
        var effectiveAt = Now.AddDays(7);
        var shortened = Settings(365).Change(30, [], "alice", Now).TakeEffect(effectiveAt);
        var later = effectiveAt.AddDays(100);

        Assert.Equal(365, shortened.KeptDays(effectiveAt.AddDays(-200)));
        Assert.Equal(30, shortened.KeptDays(effectiveAt.AddDays(1)));
        Assert.False(shortened.MayPurge(effectiveAt.AddDays(-200), later)); // 300 days old, written under 365
        Assert.True(shortened.MayPurge(effectiveAt.AddDays(-300), later)); // 400 days old
        Assert.True(shortened.MayPurge(effectiveAt.AddDays(1), later)); // 99 days old, written under 30
        Assert.Equal(later.AddDays(-365), shortened.SafeCutOff(later));
    }

    [Fact]
    public void The_purge_stops_at_the_first_record_the_floor_keeps()
    {
        var effectiveAt = Now.AddDays(7);
        var shortened = Settings(365).Change(30, [], "alice", Now).TakeEffect(effectiveAt);
        var records = new[] { Record(1, effectiveAt.AddDays(-400)), Record(2, effectiveAt.AddDays(-10)), Record(3, effectiveAt.AddDays(1)) };

        Assert.Equal(1, shortened.LastPurgeable(0, records, effectiveAt.AddDays(60)));
        Assert.Equal(3, shortened.LastPurgeable(0, records, effectiveAt.AddDays(356)));
    }

    [Fact]
    public void A_floor_is_dropped_once_every_record_under_it_has_outlived_it()
    {
        var effectiveAt = Now.AddDays(7);
        var shortened = Settings(365).Change(30, [], "alice", Now).TakeEffect(effectiveAt);

        Assert.Single(shortened.WithoutSpentFloors(effectiveAt.AddDays(364)).Floors);
        Assert.Empty(shortened.WithoutSpentFloors(effectiveAt.AddDays(365)).Floors);
    }

    private static AuditRecord Record(long sequence, DateTimeOffset time) =>
        new(sequence, new AuditEvent(time, "alice", "test.event", null, AuditResults.Success, null, null), "", "");
}
