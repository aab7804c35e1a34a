using Kagi.Audit;
using Kagi.Domain.Audit;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class AuditEventBoundsTests
{
    private static readonly AuditEvent Ordinary = new(DateTimeOffset.UnixEpoch, "alice", "account.checkout", "db", AuditResults.Success, "10.0.0.1", "lease until noon")
    {
        AccountId = "db",
        RequestId = "r1",
    };

    [Fact]
    public void An_ordinary_record_is_left_as_it_is() => Assert.Equal(Ordinary, AuditEventBounds.Apply(Ordinary));

    [Fact]
    public void Every_oversized_text_is_cut_to_its_ceiling_and_says_so()
    {
        var huge = new string('x', 100_000);
        var bounded = AuditEventBounds.Apply(Ordinary with { Actor = huge, Action = huge, Subject = huge, IpAddress = huge, Detail = huge, AccountId = huge, RequestId = huge });

        var cut = new[]
        {
            (bounded.Actor, AuditEventBounds.ActorLength), (bounded.Action, AuditEventBounds.ActionLength), (bounded.Subject!, AuditEventBounds.SubjectLength),
            (bounded.IpAddress!, AuditEventBounds.IpAddressLength), (bounded.Detail!, AuditEventBounds.DetailLength),
            (bounded.AccountId!, AuditEventBounds.IdLength), (bounded.RequestId!, AuditEventBounds.IdLength),
        };
        Assert.All(cut, pair =>
        {
            Assert.Equal(pair.Item2, pair.Item1.Length);
            Assert.EndsWith(AuditEventBounds.Marker, pair.Item1, StringComparison.Ordinal);
        });
        Assert.Equal(Ordinary.Time, bounded.Time);
        Assert.Equal(Ordinary.Result, bounded.Result);
    }

    [Fact]
    public void A_text_exactly_at_its_ceiling_is_not_marked()
    {
        var detail = new string('d', AuditEventBounds.DetailLength);
        Assert.Equal(detail, AuditEventBounds.Apply(Ordinary with { Detail = detail }).Detail);
    }
}
