namespace Kagi.Notifications;

/// <summary>
/// The tenant's own SMTP relay. <see cref="Security"/> is <c>starttls</c>, <c>tls</c> or <c>none</c>;
/// <c>none</c> is accepted only with <see cref="AllowInsecureLocalRelay"/>. A null
/// <see cref="Password"/> keeps the one stored before (if any).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.SmtpSettings")]
public sealed record SmtpSettings(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] string Security,
    [property: Id(3)] bool AllowInsecureLocalRelay,
    [property: Id(4)] string From,
    [property: Id(5)] string? Username,
    [property: Id(6)] string? Password)
{
    public const string StartTls = "starttls";
    public const string Tls = "tls";
    public const string None = "none";

    public override string ToString() => $"SmtpSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, From = {From}, Username = {Username} }}";
}
