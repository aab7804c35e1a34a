using System.Collections.Immutable;
using System.Globalization;
using Kagi.Domain.Identity;
using Kagi.Hosting;
using Kagi.Notifications;
using Kagi.Tenancy;

namespace Kagi.Identity;

/// <summary>Spraying guard for one source address. The block ends by time; nothing needs a timer. A new block is told to the tenant's admins.</summary>
public sealed class SignInSourceGrain(
    [PersistentState("source", KagiStorage.GrainState)] IPersistentState<SprayState> state,
    TimeProvider time) : TenantScopedGrain, ISignInSourceGrain
{
    public Task<TimeSpan?> BlockedForAsync() => Task.FromResult(BlockedFor(state.State));

    public async Task<int> FailedUsersAsync()
    {
        var settings = await GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).GetAsync();
        return new SprayGuard(settings.Lockout).FailedUsers(state.State, time.GetUtcNow());
    }

    public async Task<TimeSpan?> RecordFailureAsync(string username)
    {
        var settings = await GrainFactory.GetGrain<ITenantSecurityGrain>(TenantId).GetAsync();
        var guard = new SprayGuard(settings.Lockout);
        var now = time.GetUtcNow();
        var wasBlocked = guard.IsBlocked(state.State, now);
        state.State = guard.RecordFailure(state.State, username, now);
        await state.WriteStateAsync();
        if (!wasBlocked && guard.IsBlocked(state.State, now))
        {
            // A block clears the failures it counted: the threshold is what was reached.
            await TellAdminsAsync(settings.Lockout.SprayUsers, state.State.BlockedUntil!.Value, now);
        }

        return BlockedFor(state.State);
    }

    /// <summary>A new block is a security event for the tenant's admins (mail, webhook, in-app notice).</summary>
    private async Task TellAdminsAsync(int usernames, DateTimeOffset until, DateTimeOffset now) =>
        await GrainFactory.GetGrain<INotificationOutboxGrain>(TenantId).EnqueueAsync(Caller.System(TenantId), new NotificationRequest(
            NotificationEvents.SecuritySourceBlocked, [], ToAdmins: true, ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["tenant"] = TenantId,
                ["ip"] = LocalId,
                ["usernames"] = usernames.ToString(CultureInfo.InvariantCulture),
                ["until"] = until.ToString("u", CultureInfo.InvariantCulture),
                ["time"] = now.ToString("u", CultureInfo.InvariantCulture),
            })));

    private TimeSpan? BlockedFor(SprayState spray)
    {
        var now = time.GetUtcNow();
        return spray.BlockedUntil is { } until && now < until ? until - now : null;
    }
}
