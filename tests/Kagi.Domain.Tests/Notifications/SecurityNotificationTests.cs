using System.Collections.Immutable;
using Kagi.Domain.Notifications;
using Kagi.Identity;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

/// <summary>The security events' messages and the in-app notices they leave for admins.</summary>
public sealed class SecurityNotificationTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly ImmutableArray<DirectoryEntry> Directory =
    [
        new("akira", [KagiRoles.Admin], "akira@acme.test", UserLocales.Japanese, [], Disabled: false),
        new("alice", [KagiRoles.Admin], null, UserLocales.English, [], Disabled: false),
        new("gone", [KagiRoles.Admin], "gone@acme.test", UserLocales.English, [], Disabled: true),
        new("bob", [KagiRoles.User], "bob@acme.test", UserLocales.English, [], Disabled: false),
    ];

    private static readonly ImmutableDictionary<string, string> Locked = ImmutableDictionary<string, string>.Empty
        .Add("tenant", "acme").Add("username", "bob").Add("ip", "203.0.113.9").Add("failures", "5").Add("until", "2030-01-01 09:15:00Z").Add("time", "2030-01-01 09:00:00Z");

    [Fact]
    public void A_lockout_is_told_in_each_admins_language()
    {
        var english = NotificationTemplates.Render(NotificationEvents.SecurityUserLocked, UserLocales.English, Locked);
        var japanese = NotificationTemplates.Render(NotificationEvents.SecurityUserLocked, UserLocales.Japanese, Locked);

        Assert.Equal("[Kagi] SECURITY: user bob locked out (acme)", english.Subject);
        Assert.Contains("after 5 failed sign-ins, the last from 203.0.113.9", english.Body, StringComparison.Ordinal);
        Assert.Equal("[Kagi] セキュリティ警告: ユーザー bob がロックされました（acme）", japanese.Subject);
        Assert.Contains("ロック解除: 2030-01-01 09:15:00Z", japanese.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_enabled_admin_gets_a_notice_in_their_language_with_the_source_address_and_no_one_else()
    {
        var notices = AdminNotices.For(NotificationEvents.SecurityUserLocked, Directory, Locked, Now);

        Assert.Equal(["akira", "alice"], notices.Select(n => n.Username));
        Assert.All(notices, n => Assert.Equal(("user-locked", "203.0.113.9", Now), (n.Notice.Kind, n.Notice.IpAddress, n.Notice.Time)));
        Assert.Equal("[Kagi] セキュリティ警告: ユーザー bob がロックされました（acme）", notices[0].Notice.Message);
        Assert.Equal("[Kagi] SECURITY: user bob locked out (acme)", notices[1].Notice.Message);
    }

    [Fact]
    public void Request_events_leave_no_notice_and_an_announcement_leaves_an_incident_notice()
    {
        Assert.Empty(AdminNotices.For(NotificationEvents.RequestSubmitted, Directory, Locked, Now));
        Assert.All(AdminNotices.For(NotificationEvents.IncidentAnnounced, Directory, ImmutableDictionary<string, string>.Empty, Now),
            n => Assert.Equal(("incident", (string?)null), (n.Notice.Kind, n.Notice.IpAddress)));
    }

    [Fact]
    public void A_text_given_per_language_wins_over_the_plain_parameter_in_that_language_only()
    {
        var parameters = ImmutableDictionary<string, string>.Empty
            .Add(NotificationTemplates.Localized("title", UserLocales.Japanese), "ストレージ障害")
            .Add("title", "Storage outage");

        Assert.Equal("[Kagi] 障害のお知らせ: ストレージ障害", NotificationTemplates.Render(NotificationEvents.IncidentAnnounced, UserLocales.Japanese, parameters).Subject);
        Assert.Equal("[Kagi] Incident: Storage outage", NotificationTemplates.Render(NotificationEvents.IncidentAnnounced, UserLocales.English, parameters).Subject);
    }

    [Fact]
    public void Every_security_event_leaves_a_notice()
    {
        Assert.All(NotificationEvents.Security, e => Assert.True(NotificationEvents.LeavesNotice(e)));
        Assert.False(NotificationEvents.LeavesNotice(NotificationEvents.Test));
    }
}
