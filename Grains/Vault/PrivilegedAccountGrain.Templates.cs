using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Requests;

namespace Kagi.Vault;

/// <summary>
/// An account id may name a one-time template, which is an aggregate of its own (<see cref="OneTimeTemplateGrain"/>,
/// same key). This grain keeps only the mark that it does (<see cref="AccountState.IsOneTimeTemplate"/>) and hands
/// every call for it on, so callers need not know which kind an id names. Templates an earlier version kept in this
/// grain's state move there on activation.
/// </summary>
public sealed partial class PrivilegedAccountGrain
{
    private bool IsTemplate => Account.IsOneTimeTemplate;

    private IOneTimeTemplateGrain TemplateGrain => GrainFactory.GetGrain<IOneTimeTemplateGrain>(Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        await UpgradeStoredStateAsync();
    }

    public async Task<AccountInfo> RegisterOneTimeAsync(Caller caller, OneTimeTemplate oneTime)
    {
        EnsureCaller(caller);
        if (Account.Exists || IsTemplate)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Account '{LocalId}' already exists.");
        }

        var info = await TemplateGrain.RegisterAsync(caller, oneTime);
        state.State = new AccountState { IsOneTimeTemplate = true };
        await state.WriteStateAsync();
        return info;
    }

    public async Task StartRequestAccessAsync(Caller caller, AccessRequestInfo request)
    {
        EnsureSystem(caller);

        // A standing account has nothing to prepare; a template creates the requester's account now.
        if (IsTemplate)
        {
            await TemplateGrain.StartRequestAccessAsync(caller, request);
        }
    }

    /// <summary>
    /// Earlier versions kept a one-time template in this state (<see cref="AccountState.OneTime"/> and its accounts),
    /// and one lease beside the list (<see cref="AccountState.Lease"/>). The template moves to its own grain as it was,
    /// with its reminder; the lease joins the list. Both happen once, before any call is served.
    /// </summary>
    private async Task UpgradeStoredStateAsync()
    {
        if (Account.OneTime is not null && !IsTemplate)
        {
            await TemplateGrain.AdoptAsync(Kagi, OneTimeTemplateState.From(Account));
            state.State = new AccountState { IsOneTimeTemplate = true };
            await state.WriteStateAsync();
            if (await this.GetReminder(MaintenanceReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        else if (Account.Lease is not null)
        {
            state.State = Account.WithSingleLeaseFolded();
            await state.WriteStateAsync();
        }
    }
}
