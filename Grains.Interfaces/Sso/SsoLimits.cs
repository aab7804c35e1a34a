namespace Kagi.Sso;

public static class SsoLimits
{
    /// <summary>Identity providers a tenant may configure: a bounded list kept in one grain's state.</summary>
    public const int MaximumProviders = 10;

    /// <summary>Break-glass accounts a tenant may name.</summary>
    public const int MaximumBreakGlass = 20;
}
