using Kagi.Domain.Import;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Import;
using Kagi.Security;

namespace Kagi.Vault;

/// <summary>How one item of a job is brought under management, by kind; the rest of the job is the same for both.</summary>
public sealed partial class AccountImportJobGrain
{
    /// <summary>Brings one item under management in its starter's name, waiting out the target's pacing and the
    /// tenant's pacing of login tries; the row comes back decided and without its password. A refusal after a restart
    /// is this job's own earlier success when the account is the item's (<see cref="ImportJobProgress.Refusal"/>).</summary>
    private async Task<ImportStoredRow> DecideAsync(ImportStoredRow stored)
    {
        if (stored.IsDecided)
        {
            return stored;
        }

        var row = stored.Row;
        var starter = Job.StartedBy!;
        var account = GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, row.Id));
        var resumed = stored.Phase == ImportStoredRow.Attempting;
        ImportLineError? problem;
        try
        {
            problem = Job.Kind == ImportJobKind.Adoption
                ? await AdoptOneAsync(account, starter, row, resumed)
                : await RegisterOneAsync(account, starter, stored);
        }
        catch (KagiException e)
        {
            var existing = resumed && e.Code == ProblemCode.AlreadyExists ? await AccountAsync(account, starter) : null;
            problem = await OwnOrRefusedAsync(account, ImportJobProgress.Refusal(row, e.Code, e.Message, resumed, existing?.TargetId, existing?.Username));
        }

        return stored with { Phase = problem is null ? ImportStoredRow.Created : ImportStoredRow.Refused, SealedPassword = null, Problem = problem };
    }

    /// <summary>A CSV line: the vault verifies the line's password on the target and registers the account.</summary>
    private async Task<ImportLineError?> RegisterOneAsync(IPrivilegedAccountGrain account, Caller starter, ImportStoredRow stored)
    {
        var row = stored.Row;
        await WaitForTurnAsync(row.TargetId);
        var password = await vault.OpenAsync(stored.SealedPassword!, PasswordContext(row.Line));
        await RegisterAsync(account, starter, new AccountRegistration(row.TargetId, row.Username, password));
        return null;
    }

    /// <summary>
    /// A discovered account: the target's admin credential gives it a fresh password, which the vault then verifies and
    /// registers. The account id is looked up first, because changing the password of an account the vault already
    /// holds would lose that password; after a restart the account found may be this item's own, registered just before.
    /// A restart between the change and the registration only means a second fresh password.
    /// </summary>
    private async Task<ImportLineError?> AdoptOneAsync(IPrivilegedAccountGrain account, Caller starter, AccountImportRow row, bool resumed)
    {
        if (!Identifiers.IsValid(row.Id))
        {
            return ImportProblems.BadId(row.Line);
        }

        if (await AccountAsync(account, starter) is { } existing)
        {
            return await OwnOrRefusedAsync(account, ImportJobProgress.Refusal(row, ProblemCode.AlreadyExists, "", resumed, existing.TargetId, existing.Username));
        }

        var target = GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, row.TargetId));
        var rules = (await target.GetAsync(starter))?.PasswordRules;
        var password = PasswordGenerator.Generate(PasswordRulesFor.Combine(PasswordRules.Default, rules), CryptoRandom.Shared);
        await WaitForTurnAsync(row.TargetId);
        await target.ChangePasswordAsync(starter, row.Username, password);
        await WaitForTurnAsync(row.TargetId);
        await RegisterAsync(account, starter, new AccountRegistration(row.TargetId, row.Username, password));
        return null;
    }

    /// <summary>
    /// No refusal means the account is this line's own, registered before a restart. The silo may have stopped between
    /// the account's write and its inventory row, which would leave it out of every listing, so the row is reported
    /// again: putting the same row twice changes nothing.
    /// </summary>
    private async Task<ImportLineError?> OwnOrRefusedAsync(IPrivilegedAccountGrain account, ImportLineError? refusal)
    {
        if (refusal is null)
        {
            await account.ReportToInventoryAsync(Caller.System(TenantId));
        }

        return refusal;
    }

    private async Task WaitForTurnAsync(string targetId)
    {
        var turn = await GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, targetId)).ReserveTurnAsync(Caller.System(TenantId));
        if (turn - time.Now is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, time);
        }
    }

    private async Task RegisterAsync(IPrivilegedAccountGrain account, Caller starter, AccountRegistration registration)
    {
        while (true)
        {
            try
            {
                await account.RegisterAsync(starter, registration);
                return;
            }
            catch (KagiException e) when (e.Code == ProblemCode.VerificationPaced)
            {
                // The tenant's failed login tries ran out: not the line's fault, so it waits and tries again.
                await Task.Delay(e.RetryAfter ?? TimeSpan.FromSeconds(1), time);
            }
        }
    }

    private static async Task<AccountInfo?> AccountAsync(IPrivilegedAccountGrain account, Caller caller)
    {
        try
        {
            return await account.GetAsync(caller);
        }
        catch (KagiException e) when (e.Code == ProblemCode.NotFound)
        {
            return null;
        }
    }
}
