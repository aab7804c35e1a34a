namespace Kagi.Frontend.Security;

public static class KagiClaims
{
    public const string Scheme = "KagiBearer";
    public const string Tenant = "kagi:tenant";
    public const string Operator = "kagi:operator";
}
