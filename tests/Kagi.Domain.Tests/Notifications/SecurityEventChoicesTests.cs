using System.Collections.Immutable;
using Kagi.Domain.Notifications;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

public sealed class SecurityEventChoicesTests
{
    [Fact]
    public void An_event_nobody_chose_for_goes_by_mail_and_webhook()
    {
        Assert.Equal((true, true), SecurityEventChoices.Channels([], NotificationEvents.SecurityUserLocked));
        Assert.Equal((true, true), SecurityEventChoices.Channels(default, NotificationEvents.SecurityUserLocked));
    }

    [Fact]
    public void A_choice_for_one_event_turns_off_only_its_channels()
    {
        ImmutableArray<SecurityEventChoice> chosen = [new(NotificationEvents.SecurityUserLocked, Email: false, Webhook: true)];

        Assert.Equal((false, true), SecurityEventChoices.Channels(chosen, NotificationEvents.SecurityUserLocked));
        Assert.Equal((true, true), SecurityEventChoices.Channels(chosen, NotificationEvents.SecuritySourceBlocked));
    }

    [Fact]
    public void The_choices_in_force_list_every_security_event_once_with_the_defaults_filled()
    {
        ImmutableArray<SecurityEventChoice> chosen = [new(NotificationEvents.SecurityKekRotated, Email: false, Webhook: false)];

        var inForce = SecurityEventChoices.InForce(chosen);

        Assert.Equal(NotificationEvents.Security, inForce.Select(c => c.Event));
        Assert.Equal(new SecurityEventChoice(NotificationEvents.SecurityKekRotated, false, false), inForce.Single(c => c.Event == NotificationEvents.SecurityKekRotated));
        Assert.All(inForce.Where(c => c.Event != NotificationEvents.SecurityKekRotated), c => Assert.True(c.Email && c.Webhook));
    }

    [Theory]
    [InlineData(NotificationEvents.RequestSubmitted)]
    [InlineData(NotificationEvents.IncidentAnnounced)]
    [InlineData("security.made-up")]
    public void Only_security_events_can_be_chosen_for(string eventName)
    {
        var problem = SecurityEventChoices.Problem([new SecurityEventChoice(eventName, false, false)]);

        Assert.Contains(eventName, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_listed_twice_is_refused_and_an_empty_list_is_fine()
    {
        Assert.NotNull(SecurityEventChoices.Problem([new(NotificationEvents.SecurityRiskAlert, false, true), new(NotificationEvents.SecurityRiskAlert, true, true)]));
        Assert.Null(SecurityEventChoices.Problem([]));
    }

    [Fact]
    public void An_operators_announcement_cannot_be_muted_by_a_tenant()
    {
        // Even a list that somehow held it would not turn its channels off: it is not a security event.
        Assert.Equal((true, true), SecurityEventChoices.Channels([new SecurityEventChoice(NotificationEvents.IncidentAnnounced, false, false)], NotificationEvents.IncidentAnnounced));
    }
}
