namespace Kagi.Frontend.Security;

public static class KagiClaims
{
    public const string Scheme = "KagiBearer";
    public const string Tenant = "kagi:tenant";
    public const string Operator = "kagi:operator";

    /// <summary>The session grain key (a hash of the token), so logout can end it.</summary>
    public const string Session = "kagi:session";

    /// <summary>Present when the caller used an API token: its id.</summary>
    public const string ApiToken = "kagi:api-token";

    /// <summary>What a restricted session must do first (see SessionRestriction).</summary>
    public const string Restriction = "kagi:restriction";
}
