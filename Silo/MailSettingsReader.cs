using Kagi.Configuration;
using Kagi.Domain.Notifications;
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

    /// <summary>Reads <c>KAGI_SMTP_PLAINTEXT_HOSTS</c>: comma-separated loopback relays (<c>localhost</c>, 127.0.0.1, ::1)
    /// tenants may use with <c>security: none</c>. Anything else in it is a configuration error.</summary>
    public static PlaintextRelays ReadPlaintextRelays(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var hosts = (reader.Optional("SMTP_PLAINTEXT_HOSTS") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var host in hosts.Where(h => !PlaintextRelays.IsLoopback(h)))
        {
            reader.Fail("SMTP_PLAINTEXT_HOSTS", $"has '{host}'; only loopback relays (localhost, 127.0.0.1, ::1) may be used without TLS");
        }

        reader.ThrowIfInvalid();
        return new PlaintextRelays([.. hosts]);
    }
}
