using Kagi.Connectors;
using Kagi.Domain.Vault;
using Kagi.Errors;

namespace Kagi.Vault;

/// <summary>Changing and removing a registered target. A new admin credential or pin replaces the old one only after
/// the target accepted it, so a typo never leaves Kagi unable to rotate the target's accounts.</summary>
public sealed partial class TargetGrain
{
    public async Task<TargetInfo> UpdateAsync(Caller caller, TargetUpdate update)
    {
        EnsureAdminOfExisting(caller);
        ArgumentNullException.ThrowIfNull(update);
        if (update.PasswordRules is { } rules && PasswordRulesFor.Problem(rules) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        if (update.RateLimit is { } limit && TargetPacing.Problem(limit) is { } tooFast)
        {
            throw new KagiException(ProblemCode.Invalid, tooFast);
        }

        var connector = connectors.For(state.State.Kind);
        var pin = state.State.HostKeySha256;
        if (update.HostKeySha256 is { } given)
        {
            pin = connector is IHostKeyReader
                ? HostKeyPin.Canonical(given) ?? throw new KagiException(ProblemCode.Invalid, HostKeyPin.Problem(given)!)
                : throw new KagiException(ProblemCode.Invalid, $"Targets of kind '{state.State.Kind}' have no host key to pin.");
        }

        var repinned = pin != state.State.HostKeySha256;
        var newCredential = update.AdminUsername is not null || update.AdminPassword is not null;
        var admin = await AdminCredentialAsync();
        var credential = new TargetCredential(update.AdminUsername ?? admin.Username, update.AdminPassword ?? admin.Password);
        if (newCredential || repinned)
        {
            await ProveAsync(connector, credential, pin, repinned);
        }

        state.State = state.State with
        {
            AdminUsername = credential.Username,
            AdminSecret = update.AdminPassword is { } password ? await vault.SealAsync(password, AdminSecretContext) : state.State.AdminSecret,
            PasswordRules = update.PasswordRules ?? state.State.PasswordRules,
            RateLimit = update.RateLimit ?? state.State.RateLimit,
            HostKeySha256 = pin,
            HostKeyMismatch = repinned ? null : state.State.HostKeyMismatch,
        };
        await state.WriteStateAsync();
        return Info();
    }

    public async Task RemoveAsync(Caller caller)
    {
        EnsureAdminOfExisting(caller);
        var accounts = await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).ListAccountsOnTargetAsync(Caller.System(TenantId), LocalId);
        TargetRetirement.EnsureNoAccounts(LocalId, accounts.Keys.ToList());
        await state.ClearStateAsync();
        _noted = null;
        await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).RemoveTargetAsync(Caller.System(TenantId), LocalId);
    }

    /// <summary>Logs in to the target with the credential Kagi would keep, pinned to the key it would keep.</summary>
    private async Task ProveAsync(ITargetConnector connector, TargetCredential credential, string? pin, bool repinned)
    {
        bool loggedIn;
        try
        {
            loggedIn = await connector.VerifyLoginAsync(Endpoint with { HostKeySha256 = pin }, credential.Username, credential.Password, CancellationToken.None);
        }
        catch (HostKeyMismatchException e) when (repinned)
        {
            throw new KagiException(ProblemCode.HostKeyMismatch,
                $"The SSH server of target '{LocalId}' presents {e.Presented}, not {pin}; nothing was changed.");
        }
        catch (HostKeyMismatchException e)
        {
            throw await HostKeyMismatchAsync(e);
        }
        catch (TargetUnavailableException e)
        {
            throw new KagiException(ProblemCode.TargetUnavailable, e.Message + " Nothing was changed.");
        }

        if (!loggedIn)
        {
            throw new KagiException(ProblemCode.CredentialRejected, "The target refused the admin credential; the one Kagi holds stays in use.");
        }
    }

    private void EnsureAdminOfExisting(Caller caller)
    {
        EnsureExists(caller);
        EnsureAdmin(caller);
    }
}
