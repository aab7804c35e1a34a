using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Identity;

namespace Kagi.Tenancy;

public sealed class TenantGrain(
    [PersistentState("tenant", KagiStorage.GrainState)] IPersistentState<TenantState> state,
    TimeProvider time) : Grain, ITenantGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public async Task<TenantInfo> CreateAsync(TenantCreation creation)
    {
        ArgumentNullException.ThrowIfNull(creation);
        if (state.State.Exists)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Tenant '{TenantId}' already exists.");
        }

        // The admin first: creating a user is idempotent for an identical repeat, so a retry after
        // a failed tenant write completes instead of leaving a tenant without an admin.
        var admin = GrainFactory.GetGrain<IUserGrain>(GrainKeys.For(TenantId, creation.AdminUsername));
        await admin.CreateAsync(Caller.System(TenantId), new NewUser(creation.AdminPassword, [KagiRoles.Admin]));

        await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).AddAsync(TenantId);
        state.State = new TenantState { Exists = true, Name = creation.Name, CreatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        return Info();
    }

    public Task<TenantInfo?> GetAsync() => Task.FromResult(state.State.Exists ? Info() : null);

    public async Task<TenantInfo> SetSuspendedAsync(bool suspended)
    {
        if (!state.State.Exists)
        {
            throw new KagiException(ProblemCode.NotFound, $"Tenant '{TenantId}' was not found.");
        }

        var since = suspended ? state.State.SuspendedAt ?? time.GetUtcNow() : (DateTimeOffset?)null;

        // The gate first: once this returns the tenant is closed (or open), whatever happens to the record below;
        // sending the request again brings the two together.
        await GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).SetSuspendedAsync(since);
        if (state.State.SuspendedAt != since)
        {
            state.State = state.State with { SuspendedAt = since };
            await state.WriteStateAsync();
        }

        return Info();
    }

    private TenantInfo Info() => new(TenantId, state.State.Name, state.State.CreatedAt) { SuspendedAt = state.State.SuspendedAt };
}
