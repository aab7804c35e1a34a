using System.Collections.Immutable;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Tenancy;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;

namespace Kagi.Tests.Cluster;

/// <summary>
/// A fresh tenant with an admin, a requester and an approver, a real PostgreSQL target and one
/// managed account on it: the cast most grain tests need.
/// </summary>
public sealed record TenantWorld(IGrainFactory Grains, string TenantId, string Role, string InitialPassword, string TargetAdmin, string TargetAdminPassword)
{
    public const string AccountId = "db-owner";

    /// <summary>Passwords strong enough for the default password policy (zxcvbn score 3 or more).</summary>
    public const string AdminPassword = "Admin-Vault-Keeper-7731";
    public const string UserPassword = "Some-Vault-Keeper-4417";

    public Caller Admin => new(TenantId, "admin", [KagiRoles.Admin], "10.0.0.1");
    public Caller Requester => new(TenantId, "requester", [KagiRoles.User], "10.0.0.2");
    public Caller Approver => new(TenantId, "approver", [KagiRoles.Approver], "10.0.0.3");
    public Caller SecondRequester => new(TenantId, "requester2", [KagiRoles.User], "10.0.0.4");

    public IPrivilegedAccountGrain Account => Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, AccountId));

    public IAccessRequestGrain Request(string id) => Grains.GetGrain<IAccessRequestGrain>(GrainKeys.For(TenantId, id));

    public static async Task<TenantWorld> CreateAsync(IGrainFactory grains, int? targetPort = null)
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Test tenant", "admin", AdminPassword));
        var system = Caller.System(tenantId);
        foreach (var (name, userRole) in new[] { ("requester", KagiRoles.User), ("approver", KagiRoles.Approver) })
        {
            await grains.GetGrain<IUserGrain>(GrainKeys.For(tenantId, name)).CreateAsync(system, new NewUser(UserPassword, [userRole]));
        }

        var (admin, adminPassword) = await PostgresRoles.CreateAsync("kagi_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("kagi_owner");
        var world = new TenantWorld(grains, tenantId, role, password, admin, adminPassword);
        await grains.GetGrain<ITargetGrain>(GrainKeys.For(tenantId, "pg")).RegisterAsync(world.Admin,
            new TargetRegistration("postgres", PostgresRoles.Host, targetPort ?? PostgresRoles.Port, "postgres", admin, adminPassword));
        await world.Account.RegisterAsync(world.Admin, new AccountRegistration("pg", role, password));
        return world;
    }

    /// <summary>Submits a request for the account (as the requester by default) and has the approver approve it.</summary>
    public async Task<string> ApprovedRequestAsync(DateTimeOffset from, DateTimeOffset until, Caller? requester = null)
    {
        var id = Guid.NewGuid().ToString("N");
        await Request(id).SubmitAsync(requester ?? Requester, new NewAccessRequest(AccountId, from, until, "maintenance"));
        await Request(id).ApproveAsync(Approver, null);
        return id;
    }

    public static ImmutableArray<string> Roles(params string[] roles) => [.. roles];

    public Task<AccountInfo> SetPolicyAsync(AccountPolicy policy) => Account.SetPolicyAsync(Admin, policy);

    /// <summary>Checks out under a fresh approved one-hour request.</summary>
    public async Task<CheckoutGrant> CheckOutAsync(Caller? requester = null) =>
        await Account.CheckOutAsync(requester ?? Requester,
            await ApprovedRequestAsync(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), requester));
}
