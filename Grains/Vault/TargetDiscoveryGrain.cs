using System.Collections.Immutable;
using Kagi.Domain.Discovery;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Security;

namespace Kagi.Vault;

[GenerateSerializer, Alias("kagi.state.TargetDiscovery")]
public sealed record TargetDiscoveryState
{
    [Id(0)] public DiscoveryReport? LastReport { get; init; }
}

/// <summary>
/// Separate from the target grain so that adopting (which registers accounts, which verify against the
/// target grain) never waits on itself.
/// </summary>
public sealed class TargetDiscoveryGrain(
    [PersistentState("discovery", KagiStorage.GrainState)] IPersistentState<TargetDiscoveryState> state,
    TimeProvider time) : TenantScopedGrain, ITargetDiscoveryGrain
{
    private ITargetGrain Target => GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, LocalId));

    public async Task<DiscoveryReport> DiscoverAsync(Caller caller)
    {
        EnsureCaller(caller);
        var onTarget = await Target.ListAccountsAsync(caller);
        var managed = await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).ListAccountsOnTargetAsync(caller, LocalId);
        var report = new DiscoveryReport(LocalId, time.GetUtcNow(), DiscoveryComparison.Compare(onTarget, managed));
        state.State = new TargetDiscoveryState { LastReport = report };
        await state.WriteStateAsync();
        return report;
    }

    public Task<DiscoveryReport?> GetLastReportAsync(Caller caller)
    {
        EnsureCaller(caller);
        return Task.FromResult(state.State.LastReport);
    }

    public async Task<ImmutableArray<AdoptionResult>> AdoptAsync(Caller caller, ImmutableDictionary<string, string> accountIdsByUsername)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(accountIdsByUsername);
        var results = new List<AdoptionResult>();
        foreach (var (username, accountId) in accountIdsByUsername.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var account = GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, accountId));
            if (!Identifiers.IsValid(accountId) || await ExistsAsync(account, caller))
            {
                results.Add(new AdoptionResult(username, accountId, false, $"'{accountId}' is not a free account id."));
                continue;
            }

            try
            {
                // Nobody knows this account's password: the admin credential gives it one Kagi knows.
                var target = await Target.GetAsync(caller);
                var password = PasswordGenerator.Generate(PasswordRulesFor.Combine(Vault.PasswordRules.Default, target?.PasswordRules), CryptoRandom.Shared);
                await Target.ChangePasswordAsync(caller, username, password);
                await account.RegisterAsync(caller, new AccountRegistration(LocalId, username, password));
                results.Add(new AdoptionResult(username, accountId, true, null));
            }
            catch (KagiException e)
            {
                results.Add(new AdoptionResult(username, accountId, false, e.Message));
            }
        }

        return [.. results];
    }

    private static async Task<bool> ExistsAsync(IPrivilegedAccountGrain account, Caller caller)
    {
        try
        {
            await account.GetAsync(caller);
            return true;
        }
        catch (KagiException e) when (e.Code == ProblemCode.NotFound)
        {
            return false;
        }
    }
}
