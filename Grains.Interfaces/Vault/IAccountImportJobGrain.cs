namespace Kagi.Vault;

/// <summary>
/// One account import run as a background job: the lines of a CSV file, or the accounts an admin adopts from a
/// target's discovery. Key: <c>{tenantId}/{jobId}</c>. The items are stored row by row and brought under management a
/// chunk at a time by a timer, each recorded once: created, or refused with its reason.
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
    /// <summary>Queues the adoption of accounts found on target <paramref name="targetId"/> (username → new account
    /// id; line n of the results is the n-th username in ordinal order): for each, Kagi sets a fresh password with
    /// the target's admin credential and registers the account. An id already in use is refused for its line and its
    /// account's password is left alone. Admins only; a job id is started once.</summary>
    [Alias("Adopt")]
    Task<AccountImportJob> AdoptAsync(Caller caller, string targetId, System.Collections.Immutable.ImmutableDictionary<string, string> accountIdsByUsername);

    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<AccountImportJob> GetAsync(Caller caller, int afterLine, int limit);
}
