using System.Security.Cryptography;
using Kagi.Identity;
using Kagi.Tenancy;

namespace Kagi.Tests.Cluster;

/// <summary>A fresh tenant (admin "admin") with helpers to sign in through the user grains as the Frontend does.</summary>
public sealed record SignInWorld(IGrainFactory Grains, string TenantId)
{
    public const string Password = "Some-Vault-Keeper-4417";

    public Caller Admin => new(TenantId, "admin", [KagiRoles.Admin], "10.0.0.1");

    public ITenantSecurityGrain Security => Grains.GetGrain<ITenantSecurityGrain>(TenantId);

    public static async Task<SignInWorld> CreateAsync(IGrainFactory grains)
    {
        var tenantId = "s" + Guid.NewGuid().ToString("N")[..12];
        await grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(new TenantCreation("Sign-in tenant", "admin", TenantWorld.AdminPassword));
        return new SignInWorld(grains, tenantId);
    }

    public IUserGrain User(string username) => Grains.GetGrain<IUserGrain>(GrainKeys.For(TenantId, username));

    public Caller As(string username, params string[] roles) => new(TenantId, username, [.. roles], "10.0.0.2");

    public async Task<IUserGrain> AddUserAsync(string username, params string[] roles)
    {
        await User(username).CreateAsync(Caller.System(TenantId), new NewUser(Password, [.. roles]));
        return User(username);
    }

    /// <summary>A new session key, as the Frontend derives it from a fresh token.</summary>
    public string NewSessionKey() => GrainKeys.For(TenantId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    public Task<SignInResult> SignInAsync(string username, string password, string ip = "192.0.2.10", string? totp = null, string? recoveryCode = null, string? sessionKey = null) =>
        User(username).SignInAsync(new SignInAttempt(password, totp, recoveryCode, ip, "tests", sessionKey ?? NewSessionKey()));

    public ISessionGrain Session(string key) => Grains.GetGrain<ISessionGrain>(key);
}
