using Kagi.Audit;
using Kagi.Domain.Audit;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class AuditRetentionTests
{
    private static readonly DateTimeOffset Now = new(2031, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<AuditRecord> Records(long first, params int[] daysAgo)
    {
        var previous = AuditChain.GenesisHash;
        return daysAgo.Select((days, i) =>
        {
            var record = AuditChain.Link(first + i, new AuditEvent(Now.AddDays(-days), "a", "x", null, "success", null, null), previous);
            previous = record.Hash;
            return record;
        }).ToList();
    }

    [Fact]
    public void The_cut_off_is_the_retention_before_now()
    {
        Assert.Equal(Now.AddDays(-365), AuditRetention.CutOff(Now, AuditRetention.DefaultDays));
    }

    [Fact]
    public void The_oldest_run_of_expired_records_may_be_purged()
    {
        Assert.Equal(3, AuditRetention.LastPurgeable(0, Records(1, 500, 400, 366, 365, 10), AuditRetention.CutOff(Now, 365)));
    }

    [Fact]
    public void The_run_stops_at_the_first_record_to_keep_even_if_older_ones_follow()
    {
        // A silo with a clock behind wrote record 3 with an older time: it is not purged before 2.
        Assert.Equal(1, AuditRetention.LastPurgeable(0, Records(1, 500, 100, 500), AuditRetention.CutOff(Now, 365)));
    }

    [Fact]
    public void Nothing_is_purged_when_the_oldest_is_kept_or_the_run_does_not_follow_the_anchor()
    {
        Assert.Null(AuditRetention.LastPurgeable(0, Records(1, 100, 500), AuditRetention.CutOff(Now, 365)));
        Assert.Null(AuditRetention.LastPurgeable(0, Records(2, 500, 500), AuditRetention.CutOff(Now, 365)));
        Assert.Equal(11, AuditRetention.LastPurgeable(9, Records(10, 500, 500), AuditRetention.CutOff(Now, 365)));
        Assert.Null(AuditRetention.LastPurgeable(0, [], AuditRetention.CutOff(Now, 365)));
    }

    [Theory]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(365, true)]
    [InlineData(3650, true)]
    [InlineData(3651, false)]
    public void Retention_is_thirty_days_to_ten_years(int days, bool allowed)
    {
        Assert.Equal(allowed, AuditRetention.IsAllowed(days));
    }
}
