using System.Security.Cryptography;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Vault;

namespace Kagi.Security.Keys;

/// <summary>
/// Holds only wrapped data keys. Reads interleave: the background re-encryption calls back here for
/// old keys while a rotation is in progress.
/// </summary>
public sealed class TenantKeyGrain(
    [PersistentState("keys", KagiStorage.GrainState)] IPersistentState<TenantKeysState> state,
    IKeyEncryptionKeyProvider provider,
    TimeProvider time) : Grain, ITenantKeyGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public async Task<WrappedDataKey> GetCurrentAsync()
    {
        if (state.State.Keys.IsDefaultOrEmpty)
        {
            await AddKeyAsync();
        }

        return Find(state.State.CurrentId).ToWrapped();
    }

    public Task<WrappedDataKey> GetAsync(int id) => Task.FromResult(Find(id).ToWrapped());

    public async Task<TenantKeyStatus> RotateDataKeyAsync(Caller caller)
    {
        EnsureTenant(caller);
        await AddKeyAsync();
        // The caller starts the re-encryption walk (DataKeyRotation): this grain calls no other.
        state.State = state.State with { Reencrypting = true };
        await state.WriteStateAsync();
        return Status();
    }

    public async Task<TenantKeyStatus> RewrapAsync(Caller caller)
    {
        EnsureTenant(caller);
        var rewrapped = new List<DataKeyRecord>();
        foreach (var key in state.State.Keys)
        {
            var associatedData = TenantVault.DataKeyAssociatedData(TenantId, key.Id);
            var plain = await provider.UnwrapAsync(new WrappedSecret(key.KekId, key.Wrapped), associatedData, CancellationToken.None);
            try
            {
                var wrapped = await provider.WrapAsync(plain, associatedData, CancellationToken.None);
                rewrapped.Add(key with { KekId = wrapped.KekId, Wrapped = wrapped.Ciphertext });
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }

        state.State = state.State with { Keys = [.. rewrapped] };
        await state.WriteStateAsync();
        return Status();
    }

    public Task<TenantKeyStatus> GetStatusAsync(Caller caller)
    {
        EnsureTenant(caller);
        return Task.FromResult(Status());
    }

    public async Task MarkReencryptedAsync(Caller caller, int keyId, int objects)
    {
        EnsureTenant(caller);
        if (keyId != state.State.CurrentId)
        {
            return;
        }

        // Older keys no longer seal anything; they stay (wrapped) so nothing missed is ever lost.
        var now = time.GetUtcNow();
        state.State = state.State with
        {
            Reencrypting = false,
            LastReencryptedObjects = objects,
            Keys = [.. state.State.Keys.Select(k => k.Id != keyId && k.RetiredAt is null ? k with { RetiredAt = now } : k)],
        };
        await state.WriteStateAsync();
    }

    private async Task AddKeyAsync()
    {
        var id = state.State.Keys.IsDefaultOrEmpty ? 1 : state.State.Keys.Max(k => k.Id) + 1;
        var plain = RandomNumberGenerator.GetBytes(AesGcmSeal.KeySize);
        try
        {
            var wrapped = await provider.WrapAsync(plain, TenantVault.DataKeyAssociatedData(TenantId, id), CancellationToken.None);
            var record = new DataKeyRecord(id, wrapped.KekId, wrapped.Ciphertext, time.GetUtcNow(), null);
            state.State = state.State with { Keys = (state.State.Keys.IsDefault ? [] : state.State.Keys).Add(record), CurrentId = id };
            await state.WriteStateAsync();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private DataKeyRecord Find(int id) =>
        state.State.Keys.IsDefaultOrEmpty ? throw new KagiException(ProblemCode.NotFound, $"Data key {id} was not found.")
            : state.State.Keys.FirstOrDefault(k => k.Id == id) ?? throw new KagiException(ProblemCode.NotFound, $"Data key {id} was not found.");

    private TenantKeyStatus Status() =>
        new(state.State.CurrentId, [.. (state.State.Keys.IsDefault ? [] : state.State.Keys).Select(k => k.ToInfo())], state.State.Reencrypting, state.State.LastReencryptedObjects);

    private void EnsureTenant(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
    }
}
