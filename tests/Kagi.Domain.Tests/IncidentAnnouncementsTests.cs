using Kagi.Domain.Incidents;
using Kagi.Domain.Notifications;
using Kagi.Identity;
using Kagi.Incidents;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class IncidentAnnouncementsTests
{
    private static readonly IncidentAnnouncement Outage = new("outage-2030-01", "Storage outage", "ストレージ障害",
        "Sign-ins failed from 09:00 to 09:40 UTC.\nNo data was lost.", "09:00〜09:40 (UTC) にサインインできませんでした。\nデータの損失はありません。");

    [Fact]
    public void A_complete_announcement_in_both_languages_is_accepted()
    {
        Assert.Null(IncidentAnnouncements.Problem(Outage));
    }

    [Fact]
    public void Each_language_is_required_and_a_title_is_one_line()
    {
        Assert.StartsWith("title.ja", IncidentAnnouncements.Problem(Outage with { TitleJa = " " }), StringComparison.Ordinal);
        Assert.StartsWith("body.en", IncidentAnnouncements.Problem(Outage with { BodyEn = "" }), StringComparison.Ordinal);
        Assert.StartsWith("title.en", IncidentAnnouncements.Problem(Outage with { TitleEn = "Outage\nBcc: x" }), StringComparison.Ordinal);
        Assert.StartsWith("body.ja", IncidentAnnouncements.Problem(Outage with { BodyJa = new string('あ', IncidentAnnouncements.MaximumBody + 1) }), StringComparison.Ordinal);
        Assert.StartsWith("id", IncidentAnnouncements.Problem(Outage with { Id = "Outage 1" }), StringComparison.Ordinal);
    }

    [Fact]
    public void Tenants_are_named_once_each_and_canonically()
    {
        Assert.Null(IncidentAnnouncements.TenantsProblem(["acme", "globex"]));
        Assert.Null(IncidentAnnouncements.TenantsProblem([]));
        Assert.NotNull(IncidentAnnouncements.TenantsProblem(["acme", "acme"]));
        Assert.NotNull(IncidentAnnouncements.TenantsProblem(["Acme Corp"]));
    }

    [Fact]
    public void The_fingerprint_tells_a_repeat_from_other_words_under_the_same_id()
    {
        Assert.Equal(IncidentAnnouncements.Fingerprint(Outage), IncidentAnnouncements.Fingerprint(Outage with { }));
        Assert.NotEqual(IncidentAnnouncements.Fingerprint(Outage), IncidentAnnouncements.Fingerprint(Outage with { BodyEn = Outage.BodyEn + "!" }));
        // Length prefixes: moving text from one field to the next is another announcement.
        Assert.NotEqual(IncidentAnnouncements.Fingerprint(Outage with { TitleEn = "ab", TitleJa = "c" }), IncidentAnnouncements.Fingerprint(Outage with { TitleEn = "a", TitleJa = "bc" }));
    }

    [Fact]
    public void Each_admin_reads_the_operators_own_words_in_their_language()
    {
        var parameters = IncidentAnnouncements.Parameters(Outage, "acme", new DateTimeOffset(2030, 1, 1, 10, 0, 0, TimeSpan.Zero));

        var english = NotificationTemplates.Render(NotificationEvents.IncidentAnnounced, UserLocales.English, parameters);
        var japanese = NotificationTemplates.Render(NotificationEvents.IncidentAnnounced, UserLocales.Japanese, parameters);

        Assert.Equal("[Kagi] Incident: Storage outage", english.Subject);
        Assert.EndsWith("Sign-ins failed from 09:00 to 09:40 UTC.\nNo data was lost.", english.Body, StringComparison.Ordinal);
        Assert.Contains("tenant acme (announcement outage-2030-01, 2030-01-01 10:00:00Z)", english.Body, StringComparison.Ordinal);
        Assert.Equal("[Kagi] 障害のお知らせ: ストレージ障害", japanese.Subject);
        Assert.EndsWith("データの損失はありません。", japanese.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Storage", japanese.Subject + japanese.Body, StringComparison.Ordinal);
    }
}
