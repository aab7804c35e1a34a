using Kagi.Domain.Import;
using Kagi.Errors;
using Kagi.Hosting;

namespace Kagi.Vault;

/// <summary>
/// Checks every row before registering any, and takes back what it registered if a registration
/// fails part-way (e.g. the target went away between the check and the registration).
/// </summary>
public sealed class AccountImportGrain : TenantScopedGrain, IAccountImportGrain
{
    public async Task<AccountImportResult> ImportAsync(Caller caller, string csv)
    {
        EnsureCaller(caller);
        var (rows, malformed) = AccountImportFile.Read(csv);
        if (malformed.Count > 0)
        {
            return new AccountImportResult(0, [.. malformed]);
        }

        var errors = new List<ImportLineError>();
        foreach (var row in rows)
        {
            if (await ProblemAsync(caller, row) is { } problem)
            {
                errors.Add(problem);
            }
        }

        if (errors.Count > 0)
        {
            return new AccountImportResult(0, [.. errors]);
        }

        var registered = new List<IPrivilegedAccountGrain>();
        foreach (var row in rows)
        {
            var account = Account(row.Id);
            try
            {
                await account.RegisterAsync(caller, new AccountRegistration(row.TargetId, row.Username, row.Password));
                registered.Add(account);
            }
            catch (KagiException e)
            {
                foreach (var done in registered)
                {
                    await done.RemoveAsync(caller);
                }

                if (e.Code == ProblemCode.VerificationPaced)
                {
                    // Not a fault of the row: the whole import is answered 429, to be sent again later.
                    throw;
                }

                return new AccountImportResult(0, [ImportProblems.RolledBack(row.Line, e.Message)]);
            }
        }

        return new AccountImportResult(registered.Count, []);
    }

    private async Task<ImportLineError?> ProblemAsync(Caller caller, AccountImportRow row)
    {
        try
        {
            await Account(row.Id).GetAsync(caller);
            return ImportProblems.Exists(row.Line, row.Id);
        }
        catch (KagiException e) when (e.Code == ProblemCode.NotFound)
        {
        }

        var target = GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, row.TargetId));
        try
        {
            if (await target.GetAsync(caller) is null)
            {
                return ImportProblems.NoTarget(row.Line, row.TargetId);
            }

            return await target.VerifyLoginAsync(caller, row.Username, row.Password)
                ? null
                : ImportProblems.PasswordRefused(row.Line, row.Username);
        }
        catch (KagiException e) when (e.Code != ProblemCode.VerificationPaced)
        {
            return ImportProblems.Refused(row.Line, e.Message);
        }
    }

    private IPrivilegedAccountGrain Account(string id) => GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, id));
}
