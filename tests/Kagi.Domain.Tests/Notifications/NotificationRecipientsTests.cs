using Kagi.Domain.Notifications;
using Kagi.Identity;
using Xunit;

namespace Kagi.Tests.Domain.Notifications;

public sealed class NotificationRecipientsTests
{
    private static DirectoryEntry User(string name, string? email, string locale = "en", bool disabled = false, params string[] roles) =>
        new(name, roles.Length == 0 ? [KagiRoles.User] : [.. roles], email, locale, [], disabled);

    private static readonly DirectoryEntry[] Directory =
    [
        User("alice", "alice@acme.test", "en", false, KagiRoles.Admin),
        User("akira", "akira@acme.test", "ja", false, KagiRoles.Admin, KagiRoles.Approver),
        User("old-admin", "old@acme.test", "en", true, KagiRoles.Admin),
        User("bob", "bob@acme.test", "ja"),
        User("bobby", "BOB@acme.test"),
        User("carol", null),
        User("dave", "dave@acme.test", "en", disabled: true),
    ];

    [Fact]
    public void Named_users_and_enabled_admins_get_one_email_each_in_their_locale()
    {
        var (emails, skipped) = NotificationRecipients.Resolve(TenantDirectory.Of(Directory), ["bob", "alice"], toAdmins: true);

        Assert.Equal<EmailRecipient>([new("bob@acme.test", "ja"), new("alice@acme.test", "en"), new("akira@acme.test", "ja")], emails.ToArray());
        Assert.Empty(skipped);
    }

    [Fact]
    public void Disabled_users_users_without_an_address_and_unknown_names_are_skipped_with_a_reason()
    {
        var (emails, skipped) = NotificationRecipients.Resolve(TenantDirectory.Of(Directory), ["carol", "dave", "nobody", "bob", "bobby"], toAdmins: false);

        Assert.Equal<EmailRecipient>([new("bob@acme.test", "ja")], emails.ToArray()); // bobby shares bob's address
        Assert.Equal<SkippedRecipient>(
            [new("carol", NotificationRecipients.NoEmail), new("dave", NotificationRecipients.Disabled), new("nobody", NotificationRecipients.Unknown)],
            skipped.ToArray());
    }
}
