using System.Collections.Immutable;

namespace Kagi.Tenancy;

/// <summary>Every tenant's id, for operator-wide work such as KEK rotation. Key: 0.</summary>
[Alias("kagi.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task AddAsync(string tenantId);

    [Alias("List")]
    Task<ImmutableArray<string>> ListAsync();

    /// <summary>At most <paramref name="limit"/> tenant ids after <paramref name="afterId"/>, in id order.</summary>
    [Alias("Page")]
    Task<ImmutableArray<string>> PageAsync(string? afterId, int limit);

    /// <summary>Whether the tenant exists, without copying every tenant's id to the caller.</summary>
    [Alias("Contains")]
    Task<bool> ContainsAsync(string tenantId);
}
