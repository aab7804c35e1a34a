using System.Collections.Immutable;
using Kagi.Hosting;

namespace Kagi.Tenancy;

[GenerateSerializer, Alias("kagi.state.TenantDirectory")]
public sealed record TenantDirectoryState
{
    [Id(0)] public ImmutableSortedSet<string> Tenants { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
}

public sealed class TenantDirectoryGrain(
    [PersistentState(TenantDirectoryGrain.StateName, KagiStorage.GrainState)] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    /// <summary>The state's name: kagictl adds a tenant restored from a one-tenant archive under it.</summary>
    public const string StateName = "directory";

    public async Task AddAsync(string tenantId)
    {
        if (!state.State.Tenants.Contains(tenantId))
        {
            state.State = state.State with { Tenants = state.State.Tenants.Add(tenantId) };
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> ListAsync() => Task.FromResult(state.State.Tenants.ToImmutableArray());

    public Task<ImmutableArray<string>> PageAsync(string? afterId, int limit) =>
        Task.FromResult((afterId is null ? state.State.Tenants : state.State.Tenants.Where(id => string.CompareOrdinal(id, afterId) > 0))
            .Take(Math.Max(limit, 0)).ToImmutableArray());

    public Task<bool> ContainsAsync(string tenantId) => Task.FromResult(state.State.Tenants.Contains(tenantId));
}
