using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Kagi.Domain.Notifications;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Notifications;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

public sealed partial class NotificationTemplatesTests
{
    public static TheoryData<string, string> EveryEventInEveryLocale()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in NotificationEvents.All)
        {
            foreach (var locale in UserLocales.All)
            {
                data.Add(name, locale);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEventInEveryLocale))]
    public void Every_event_renders_in_both_locales_with_every_supplied_parameter_filled(string eventName, string locale)
    {
        var parameters = NotificationTemplates.PlaceholdersOf(eventName).ToImmutableDictionary(name => name, name => $"<{name}-value>");

        var message = NotificationTemplates.Render(eventName, locale, parameters);

        Assert.Equal(locale, message.Locale);
        Assert.False(string.IsNullOrWhiteSpace(message.Subject));
        Assert.StartsWith("[Kagi]", message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message.Subject);
        Assert.DoesNotMatch(Braces(), message.Subject + message.Body);
        Assert.All(parameters.Values, value => Assert.Contains(value, message.Subject + message.Body, StringComparison.Ordinal));
        Assert.Equal(locale == UserLocales.Japanese, HasJapanese().IsMatch(message.Subject + message.Body));
    }

    [Fact]
    public void Both_locales_of_an_event_use_the_same_placeholders()
    {
        foreach (var name in NotificationEvents.All)
        {
            var marked = NotificationTemplates.PlaceholdersOf(name).ToImmutableDictionary(p => p, p => $"<{p}>");
            var english = NotificationTemplates.Render(name, UserLocales.English, marked);
            var japanese = NotificationTemplates.Render(name, UserLocales.Japanese, marked);
            Assert.All(marked.Values, value => Assert.Contains(value, japanese.Subject + japanese.Body, StringComparison.Ordinal));
            Assert.DoesNotContain(NotificationTemplates.MissingJapanese, japanese.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(NotificationTemplates.MissingEnglish, english.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_parameter_renders_as_a_marker_in_the_recipients_language()
    {
        var only = ImmutableDictionary<string, string>.Empty.Add("requestId", "r-42").Add("requester", "bob");

        var english = NotificationTemplates.Render(NotificationEvents.RequestSubmitted, UserLocales.English, only);
        var japanese = NotificationTemplates.Render(NotificationEvents.RequestSubmitted, UserLocales.Japanese, only);

        Assert.Equal("[Kagi] Approval needed: request r-42 by bob", english.Subject);
        Assert.Contains("Reason: (not given)", english.Body, StringComparison.Ordinal);
        Assert.Equal("[Kagi] 承認依頼: bob さんの申請 r-42", japanese.Subject);
        Assert.Contains("理由: (未指定)", japanese.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_inserted_literally_and_line_breaks_never_reach_the_subject()
    {
        var parameters = ImmutableDictionary<string, string>.Empty.Add("requestId", "{reason}\r\nBcc: x@evil.test").Add("requester", "bob").Add("reason", "disk full");

        var message = NotificationTemplates.Render(NotificationEvents.RequestSubmitted, UserLocales.English, parameters);

        Assert.Equal("[Kagi] Approval needed: request {reason} Bcc: x@evil.test by bob", message.Subject);
        Assert.Contains("Reason: disk full", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_locale_falls_back_to_english_and_an_unknown_event_is_refused()
    {
        var parameters = ImmutableDictionary<string, string>.Empty.Add("tenant", "acme").Add("requestedBy", "alice").Add("time", "now");

        Assert.Equal(UserLocales.English, NotificationTemplates.Render(NotificationEvents.Test, "fr", parameters).Locale);
        var refused = Assert.Throws<KagiException>(() => NotificationTemplates.Render("request.exploded", UserLocales.English, parameters));
        Assert.Equal(ProblemCode.Invalid, refused.Code);
        Assert.Contains("request.exploded", refused.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{[A-Za-z][A-Za-z0-9]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"[\u3040-\u30ff\u4e00-\u9fff]")]
    private static partial Regex HasJapanese();
}
