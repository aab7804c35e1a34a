using Kagi.Domain.Audit;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class SiemOutageTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_failure_starts_an_outage_without_telling_anyone()
    {
        var (state, tell) = SiemOutage.Failed(null, Start);

        Assert.Equal(new SiemOutageState(Start, Told: false), state);
        Assert.False(tell);
    }

    [Fact]
    public void Failing_for_just_under_an_hour_is_not_told_and_at_an_hour_it_is_once()
    {
        var (early, tellEarly) = SiemOutage.Failed(new SiemOutageState(Start, false), Start + SiemOutage.TellAfter - TimeSpan.FromSeconds(1));
        var (due, tellDue) = SiemOutage.Failed(early, Start + SiemOutage.TellAfter);
        var (later, tellLater) = SiemOutage.Failed(due, Start + TimeSpan.FromHours(5));

        Assert.Equal((false, true, false), (tellEarly, tellDue, tellLater));
        Assert.Equal(new SiemOutageState(Start, Told: true), later);
    }
}
