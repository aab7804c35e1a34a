namespace Kagi.Notifications;

/// <summary>
/// The SMTP relay Kagi sends mail through (<c>KAGI_SMTP_HOST</c>, <c>KAGI_SMTP_PORT</c>,
/// <c>KAGI_SMTP_SECURITY</c> = none | starttls | tls, <c>KAGI_SMTP_FROM</c>, optional
/// <c>KAGI_SMTP_USERNAME</c>/<c>KAGI_SMTP_PASSWORD</c>). No host: mail is not sent.
/// </summary>
public sealed record MailSettings(string? Host, int Port, string Security, string From, string? Username = null, string? Password = null)
{
    public static MailSettings None { get; } = new(null, 25, "none", "kagi@localhost");

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    public override string ToString() => $"MailSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, From = {From}, Username = {Username} }}";
}
