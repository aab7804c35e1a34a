namespace Kagi.Siem;

public static class SiemKinds
{
    public const string Syslog = "syslog";
    public const string Http = "http";
}
