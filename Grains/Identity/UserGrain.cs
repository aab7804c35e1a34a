using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Security;

namespace Kagi.Identity;

public sealed class UserGrain(
    [PersistentState("user", KagiStorage.GrainState)] IPersistentState<UserState> state,
    PasswordHasher hasher,
    TimeProvider time) : TenantScopedGrain, IUserGrain
{
    public async Task<UserInfo> CreateAsync(Caller caller, NewUser user)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Roles.IsDefaultOrEmpty || user.Roles.Any(role => !KagiRoles.All.Contains(role)))
        {
            throw new KagiException(ProblemCode.Invalid, $"Roles must be some of: {string.Join(", ", KagiRoles.All)}.");
        }

        var roles = user.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        if (state.State.Exists)
        {
            // An identical repeat (same password, same roles) succeeds, so callers can retry safely.
            var storedHash = state.State.PasswordHash;
            var identical = state.State.Roles.SequenceEqual(roles)
                && await Task.Run(() => hasher.Verify(storedHash, user.Password));
            return identical ? Info() : throw new KagiException(ProblemCode.AlreadyExists, $"User '{LocalId}' already exists.");
        }

        // Argon2id takes tens of milliseconds of CPU: keep it off the grain scheduler's threads.
        var hash = await Task.Run(() => hasher.Hash(user.Password));
        state.State = new UserState { Exists = true, PasswordHash = hash, Roles = roles, CreatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        return Info();
    }

    public async Task<UserInfo?> CheckPasswordAsync(string password)
    {
        // Grain state may only be touched on the grain's own scheduler: copy it before Task.Run.
        var known = state.State.Exists;
        var storedHash = state.State.PasswordHash;
        var matches = await Task.Run(() => known ? hasher.Verify(storedHash, password) : hasher.VerifyDecoy(password));
        return known && matches ? Info() : null;
    }

    public Task<UserInfo?> GetAsync(Caller caller)
    {
        EnsureCaller(caller);
        return Task.FromResult(state.State.Exists ? Info() : null);
    }

    private UserInfo Info() => new(TenantId, LocalId, state.State.Roles, state.State.CreatedAt);
}
