namespace Kagi.Vault;

/// <summary>
/// One CSV account import run as a background job. Key: <c>{tenantId}/{jobId}</c>. The file is checked as a whole
/// first; a file that passes is stored row by row and imported a chunk at a time by a timer, each line recorded
/// once: created, or refused with its reason.
/// </summary>
[Alias("kagi.IAccountImportJobGrain")]
public interface IAccountImportJobGrain : IGrainWithStringKey
{
    /// <summary>Reads the CSV (header <c>id,targetId,username,password</c>). A file with any malformed line is
    /// refused whole (<see cref="AccountImportStart.Errors"/>, nothing stored); otherwise its rows are stored and
    /// the job is queued. Admins only; a job id is started once.</summary>
    [Alias("Start")]
    Task<AccountImportStart> StartAsync(Caller caller, string csv);

    /// <summary>The job's status and counts, and up to <paramref name="limit"/> line results after line
    /// <paramref name="afterLine"/> (0 for the first page). Admins only; another tenant's job is not found.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<AccountImportJob> GetAsync(Caller caller, int afterLine, int limit);
}
