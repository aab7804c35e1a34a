using Kagi.Identity;
using Kagi.Requests;
using Kagi.Vault;
using Orleans.Configuration;

namespace Kagi.Silo;

/// <summary>
/// How long idle activations stay in memory (issue 15, P4: a tenant of 1,000,000 accounts and 10,000 users on
/// one silo). Orleans keeps an activation until it has had no call or reminder for its collection age; with the
/// default for every grain, a sweep that touches every account (a rebuild, 10,000 rotations due in a minute)
/// would keep all of them in memory for that long. Measured in benchmarks/scale.sh.
/// </summary>
public static class GrainCollectionAges
{
    /// <summary>Tenant-wide grains (inventory, catalogs, audit log) and users: few, and called all day.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Accounts: up to a million per tenant, each called now and then (a check-out, its reminder, a rotation),
    /// and listings read the inventory table, never the grains; a second call after five idle minutes pays one
    /// row read, while a sweep over every account leaves memory five minutes later.
    /// </summary>
    public static readonly TimeSpan Accounts = TimeSpan.FromMinutes(5);

    /// <summary>Access requests: busy while they are decided and used, then read rarely (history, reports).</summary>
    public static readonly TimeSpan Requests = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Sessions: called on every API call of a signed-in user (the Frontend caches answers for a second only), so
    /// one stays while its user works; a session idle for ten minutes is reread from its row when it comes back.
    /// It writes its last activity itself when that matters for the idle timeout, so collection loses nothing.
    /// </summary>
    public static readonly TimeSpan Sessions = TimeSpan.FromMinutes(10);

    public static void Apply(GrainCollectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CollectionAge = Default;
        // Orleans looks the per-type ages up by the grain class's full name.
        options.ClassSpecificCollectionAge[typeof(PrivilegedAccountGrain).FullName!] = Accounts;
        options.ClassSpecificCollectionAge[typeof(AccessRequestGrain).FullName!] = Requests;
        options.ClassSpecificCollectionAge[typeof(SessionGrain).FullName!] = Sessions;
        // The ages bound memory under the load they were chosen for; under a burst beyond it (every account
        // activated at once) Orleans sheds the least recently used activations when the process nears the
        // memory limit (its defaults: above 80 % of the memory available, down to 75 %).
        options.EnableActivationSheddingOnMemoryPressure = true;
    }
}
