namespace Kagi;

/// <summary>
/// Grain keys carry the tenant: <c>{tenantId}/{localId}</c>. Identifiers are canonicalised at the
/// edge (<see cref="Identifiers"/>); this is the last guard before storage: a tenant that is not
/// canonical, or a local id with a character that table storage rewrites or refuses, never becomes a
/// key, so two different keys can never land on one stored row.
/// </summary>
public static class GrainKeys
{
    public static string For(string tenantId, string localId)
    {
        if (!Identifiers.IsValidTenant(tenantId))
        {
            throw new ArgumentException("The tenant id is not canonical.", nameof(tenantId));
        }

        if (!IsStorageSafe(localId))
        {
            throw new ArgumentException("The local id is empty or holds a character storage rewrites.", nameof(localId));
        }

        return $"{tenantId}/{localId}";
    }

    public static (string TenantId, string LocalId) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new ArgumentException("A grain key is not of the form tenant/id.", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>
    /// Local ids that are not identifiers (a session's token hash, a client IP address) must still
    /// be free of what Azure table keys rewrite (<c>/ \ # ?</c>) or refuse (control characters).
    /// </summary>
    public static bool IsStorageSafe(string? localId) =>
        !string.IsNullOrEmpty(localId)
        && localId.Length <= 256
        && !localId.AsSpan().ContainsAny(StorageRewritten)
        && !localId.Any(char.IsControl);

    private static readonly System.Buffers.SearchValues<char> StorageRewritten = System.Buffers.SearchValues.Create("/\\#?");
}
