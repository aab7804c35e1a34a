using Kagi.Configuration;
using Kagi.Notifications;

namespace Kagi.Silo;

/// <summary>Reads <c>KAGI_SMTP_*</c>: the relay scheduled reports are mailed through (optional).</summary>
public static class MailSettingsReader
{
    private static readonly Dictionary<string, string> Securities = new(StringComparer.Ordinal)
    {
        ["none"] = "none",
        ["starttls"] = "starttls",
        ["tls"] = "tls",
    };

    public static MailSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var host = reader.Optional("SMTP_HOST");
        var settings = new MailSettings(host, reader.Port("SMTP_PORT", 25), reader.OneOf("SMTP_SECURITY", "starttls", Securities),
            reader.Optional("SMTP_FROM") ?? "kagi@localhost", reader.Optional("SMTP_USERNAME"), reader.Optional("SMTP_PASSWORD"));
        reader.ThrowIfInvalid();
        return settings;
    }
}
