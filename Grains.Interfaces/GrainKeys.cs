namespace Kagi;

/// <summary>
/// Grain keys carry the tenant: <c>{tenantId}/{localId}</c>. Identifiers are validated at the edge
/// to contain no '/', so the first '/' always separates the tenant.
/// </summary>
public static class GrainKeys
{
    public static string For(string tenantId, string localId) => $"{tenantId}/{localId}";

    public static (string TenantId, string LocalId) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new ArgumentException($"Grain key '{key}' is not of the form tenant/id.", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
