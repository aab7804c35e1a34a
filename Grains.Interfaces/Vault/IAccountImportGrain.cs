namespace Kagi.Vault;

/// <summary>One bulk import of accounts, all or nothing. Key: <c>{tenantId}/{importId}</c>.</summary>
[Alias("kagi.IAccountImportGrain")]
public interface IAccountImportGrain : IGrainWithStringKey
{
    /// <summary>Reads the CSV (header <c>id,targetId,username,password</c>), checks every row (well formed,
    /// free id, known target, a password the target accepts), then registers them all; any refusal
    /// imports nothing and names each refused line.</summary>
    [Alias("Import")]
    Task<AccountImportResult> ImportAsync(Caller caller, string csv);
}
