using System.Collections.Immutable;
using Kagi.Connectors;
using Kagi.Errors;

namespace Kagi.Vault;

/// <summary>Creating and removing one-time accounts on the target, with its admin credential.</summary>
public sealed partial class TargetGrain
{
    public Task EnsureOneTimeCapableAsync(Caller caller, ImmutableArray<string> grants)
    {
        EnsureUsable(caller);
        _ = OneTimeConnector();
        if (!grants.IsDefaultOrEmpty && connectors.For(state.State.Kind) is not IAccountGrants)
        {
            throw new KagiException(ProblemCode.Invalid, $"Targets of kind '{state.State.Kind}' cannot give one-time accounts grants.");
        }

        return Task.CompletedTask;
    }

    public async Task CreateAccountAsync(Caller caller, string username, string password, ImmutableArray<string> grants)
    {
        EnsureUsable(caller);
        var oneTime = OneTimeConnector();
        var admin = await AdminCredentialAsync();
        try
        {
            await oneTime.CreateAccountAsync(Endpoint, admin, username, password, CancellationToken.None);
        }
        catch (HostKeyMismatchException e)
        {
            throw await HostKeyMismatchAsync(e);
        }
        catch (TargetUnavailableException e) when (e.AccountExists)
        {
            throw new KagiException(ProblemCode.AlreadyExists, e.Message);
        }
        catch (TargetUnavailableException e)
        {
            throw Unavailable(e);
        }

        if (!grants.IsDefaultOrEmpty)
        {
            var granting = connectors.For(state.State.Kind) as IAccountGrants
                ?? throw new KagiException(ProblemCode.Invalid, $"Targets of kind '{state.State.Kind}' cannot give one-time accounts grants.");
            await CallTargetAsync(async () =>
            {
                await granting.GrantAsync(Endpoint, admin, username, grants, CancellationToken.None);
                return true;
            });
        }
    }

    public async Task<string> RemoveAccountAsync(Caller caller, string username)
    {
        EnsureUsable(caller);
        var oneTime = OneTimeConnector();
        var admin = await AdminCredentialAsync();
        var removal = await CallTargetAsync(() => oneTime.RemoveAccountAsync(Endpoint, admin, username, CancellationToken.None));
        return removal switch
        {
            AccountRemoval.Removed => "removed",
            AccountRemoval.AlreadyAbsent => "already-absent",
            _ => "disabled",
        };
    }

    private IOneTimeAccounts OneTimeConnector() =>
        connectors.For(state.State.Kind) as IOneTimeAccounts
            ?? throw new KagiException(ProblemCode.Invalid, $"Targets of kind '{state.State.Kind}' cannot create one-time accounts.");

    private async Task<TargetCredential> AdminCredentialAsync() =>
        new(state.State.AdminUsername, await vault.OpenAsync(state.State.AdminSecret, AdminSecretContext));
}
