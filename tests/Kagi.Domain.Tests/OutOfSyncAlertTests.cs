using Kagi.Domain.Vault;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class OutOfSyncAlertTests
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RotationHistoryEntry Entry(string outcome, int minute) => new(At.AddMinutes(minute), "schedule", outcome, null);

    [Fact]
    public void The_first_finding_is_news()
    {
        Assert.True(OutOfSyncAlert.IsNew([]));
        Assert.True(OutOfSyncAlert.IsNew([Entry("completed", 0), Entry("failed", 1)]));
    }

    [Fact]
    public void Finding_it_again_while_reconciling_is_not_news_until_a_rotation_completes()
    {
        Assert.False(OutOfSyncAlert.IsNew([Entry("completed", 0), Entry("out-of-sync", 1), Entry("failed", 2), Entry("failed", 3)]));
        Assert.True(OutOfSyncAlert.IsNew([Entry("out-of-sync", 1), Entry("completed", 2)]));
    }
}
