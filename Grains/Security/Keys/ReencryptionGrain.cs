using Kagi.Audit;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Notifications;
using Kagi.Vault;

namespace Kagi.Security.Keys;

[GenerateSerializer, Alias("kagi.state.Reencryption")]
public sealed record ReencryptionState
{
    [Id(0)] public int? KeyId { get; init; }
}

/// <summary>
/// Walks the tenant's targets, notification settings, SIEM URLs, accounts and users (TOTP secrets) asking each to re-seal its secrets. A timer starts the
/// walk at once; a reminder resumes it after a crash or a failure. Re-sealing is idempotent.
/// </summary>
public sealed class ReencryptionGrain(
    [PersistentState("reencryption", KagiStorage.GrainState)] IPersistentState<ReencryptionState> state,
    TimeProvider time) : Grain, IReencryptionGrain, IRemindable
{
    private const string Reminder = "reencrypt";
    private string TenantId => this.GetPrimaryKeyString();
    private Caller Kagi => Caller.System(TenantId);

    public async Task StartAsync(Caller caller, int keyId)
    {
        TenantGuard.EnsureAdmin(caller, TenantId);

        state.State = new ReencryptionState { KeyId = keyId };
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        this.RegisterGrainTimer(_ => RunAsync(), new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan });
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => RunAsync();

    private async Task RunAsync()
    {
        if (state.State.KeyId is not { } keyId)
        {
            if (await this.GetReminder(Reminder) is { } stale)
            {
                await this.UnregisterReminder(stale);
            }

            return;
        }

        var inventory = GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId);
        var changed = 0;
        foreach (var target in await inventory.ListTargetsAsync(Kagi))
        {
            changed += await GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, target)).ResealAsync(Kagi);
        }

        changed += await GrainFactory.GetGrain<INotificationSettingsGrain>(TenantId).ResealAsync(Kagi);
        changed += await GrainFactory.GetGrain<Kagi.Sso.ISsoSettingsGrain>(TenantId).ResealAsync(Kagi);
        changed += await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).ResealAsync(Kagi);

        string? after = null;
        do
        {
            var page = await inventory.ListAccountsAsync(Kagi, AccountQuery.All, after, 500);
            foreach (var account in page.Accounts)
            {
                changed += await GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, account.Id)).ResealAsync(Kagi);
            }

            after = page.Continuation;
        }
        while (after is not null);

        foreach (var user in await inventory.GetDirectoryAsync(Kagi))
        {
            changed += await GrainFactory.GetGrain<IUserGrain>(GrainKeys.For(TenantId, user.Username)).ResealAsync(Kagi);
        }

        await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).MarkReencryptedAsync(Kagi, keyId, changed);
        await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(
            new AuditEvent(time.GetUtcNow(), Caller.SystemName, "keys.reencrypt", $"data key {keyId}", AuditResults.Success, null, $"{changed} secrets re-sealed"));
        state.State = new ReencryptionState();
        await state.WriteStateAsync();
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
