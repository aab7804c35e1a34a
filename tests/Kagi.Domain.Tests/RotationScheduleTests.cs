using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class RotationScheduleTests
{
    private static readonly DateTimeOffset LastRotation = new(2026, 11, 1, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public void An_interval_schedule_falls_due_one_interval_after_the_last_rotation_plus_a_stable_spread()
    {
        var spec = new RotationScheduleSpec(TimeSpan.FromDays(30), null, null);

        var next = RotationSchedule.NextAfter(spec, LastRotation, "acme/db")!.Value;

        Assert.InRange(next - LastRotation, TimeSpan.FromDays(30), TimeSpan.FromDays(30) + RotationSchedule.MaximumSpread);
        Assert.Equal(next, RotationSchedule.NextAfter(spec, LastRotation, "acme/db"));
    }

    [Fact]
    public void A_cron_schedule_runs_in_its_time_zone()
    {
        // 03:00 in Tokyo is 18:00 UTC the day before.
        var spec = new RotationScheduleSpec(null, "0 3 * * *", "Asia/Tokyo");

        var next = RotationSchedule.NextAfter(spec, LastRotation, "acme/db")!.Value;

        var occurrence = new DateTimeOffset(2026, 11, 1, 18, 0, 0, TimeSpan.Zero);
        Assert.InRange(next, occurrence, occurrence + RotationSchedule.MaximumSpread);
    }

    [Fact]
    public void Accounts_on_the_same_schedule_are_spread_over_the_window()
    {
        var offsets = Enumerable.Range(0, 1000)
            .Select(i => RotationSchedule.Spread($"acme/account-{i}", TimeSpan.FromDays(1)))
            .ToList();

        Assert.All(offsets, offset => Assert.InRange(offset, TimeSpan.Zero, RotationSchedule.MaximumSpread));
        // 1000 accounts land in many different minutes, not one.
        Assert.True(offsets.Select(o => (int)o.TotalMinutes).Distinct().Count() >= 10);
        Assert.True(offsets.Distinct().Count() > 990);
    }

    [Fact]
    public void Short_intervals_are_spread_by_at_most_a_tenth_of_the_interval()
    {
        var spread = RotationSchedule.Spread("acme/db", TimeSpan.FromMinutes(1));

        Assert.InRange(spread, TimeSpan.Zero, TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void No_schedule_means_no_scheduled_rotation() =>
        Assert.Null(RotationSchedule.NextAfter(null, LastRotation, "acme/db"));

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(30.0, "0 3 * * *", null)]
    [InlineData(0.5, null, null)]
    [InlineData(null, "not cron", null)]
    [InlineData(null, "0 3 * * *", "Mars/Olympus_Mons")]
    public void Malformed_schedules_are_refused(double? everyMinutes, string? cron, string? timeZone)
    {
        var spec = new RotationScheduleSpec(everyMinutes is { } m ? TimeSpan.FromMinutes(m) : null, cron, timeZone);

        var refused = Assert.Throws<KagiException>(() => RotationSchedule.Validate(spec));

        Assert.Equal(ProblemCode.Invalid, refused.Code);
    }
}
