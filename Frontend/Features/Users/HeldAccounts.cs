using Kagi.Errors;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Vault;

namespace Kagi.Frontend.Features.Users;

/// <summary>
/// Ends every lease a user still holds (disable, offboarding): each account checks in and rotates, auditing
/// itself as kagi:system. One that fails does not stop the others; sending the request again finishes the rest.
/// </summary>
public static class HeldAccounts
{
    /// <summary>Adds "account (request)" to <paramref name="checkedIn"/> or <paramref name="failed"/> for each lease held.</summary>
    public static async Task EndAllAsync(IClusterClient cluster, Caller admin, string tenantId, string username, string reason, List<string> checkedIn, List<string> failed)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(checkedIn);
        ArgumentNullException.ThrowIfNull(failed);
        foreach (var held in await cluster.GetGrain<IRequestIndexGrain>(tenantId).HeldUnderAsync(admin, username))
        {
            try
            {
                await cluster.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(tenantId, held.AccountId))
                    .EndRequestAccessAsync(Caller.System(tenantId), held.RequestId, reason);
                checkedIn.Add($"{held.AccountId} ({held.RequestId})");
            }
            catch (Exception e) when (e is KagiException or TimeoutException)
            {
                failed.Add($"{held.AccountId} ({held.RequestId})");
            }
        }
    }
}
