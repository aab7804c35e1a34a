using Kagi.Domain.Idempotency;
using Kagi.Hosting;
using Kagi.Security;

namespace Kagi.Idempotency;

/// <summary>
/// One Idempotency-Key's record (<see cref="IdempotencyRules"/> decide). Answers are sealed with the
/// tenant's data key before they are stored, because a check-out's answer is a password; a replay
/// opens them again. A reminder forgets the record (deletes its row) once it expires.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", KagiStorage.GrainState)] IPersistentState<IdempotencyState> state,
    TenantVault vault,
    TimeProvider time) : TenantScopedGrain, IIdempotencyGrain, IRemindable
{
    private const string ExpiryReminder = "idempotency-expiry";

    private SecretContext BodyContext => new(TenantId, "idempotency", LocalId, "response");

    public async Task<IdempotencyClaim> BeginAsync(Caller caller, string requestHash, Guid attempt)
    {
        EnsureCaller(caller);
        ArgumentException.ThrowIfNullOrEmpty(requestHash);
        var (outcome, next) = IdempotencyRules.Begin(state.State, requestHash, attempt, time.GetUtcNow());
        if (!ReferenceEquals(next, state.State))
        {
            state.State = next;
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(ExpiryReminder, IdempotencyRules.Lifetime + TimeSpan.FromMinutes(1), IdempotencyRules.Lifetime);
        }

        return outcome == IdempotencyOutcome.Replay ? new IdempotencyClaim(outcome, await StoredAsync()) : new IdempotencyClaim(outcome);
    }

    public async Task CompleteAsync(Caller caller, Guid attempt, StoredResponse response)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(response);
        if (!IdempotencyRules.MayRelease(state.State, attempt, time.GetUtcNow()))
        {
            return;
        }

        var sealedBody = await vault.SealAsync(Convert.ToBase64String(response.Body), BodyContext);
        if (IdempotencyRules.Answer(state.State, attempt, response, sealedBody, time.GetUtcNow()) is { } answered)
        {
            state.State = answered;
            await state.WriteStateAsync();
        }
    }

    public async Task ReleaseAsync(Caller caller, Guid attempt)
    {
        EnsureCaller(caller);
        if (IdempotencyRules.MayRelease(state.State, attempt, time.GetUtcNow()))
        {
            await state.ClearStateAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.RequestHash is not null && !IdempotencyRules.IsExpired(state.State, time.GetUtcNow()))
        {
            return;
        }

        await state.ClearStateAsync();
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<StoredResponse> StoredAsync()
    {
        var answered = state.State;
        var body = Convert.FromBase64String(await vault.OpenAsync(answered.SealedBody!, BodyContext));
        return new StoredResponse(answered.Status, answered.ContentType, answered.Location, body);
    }
}
