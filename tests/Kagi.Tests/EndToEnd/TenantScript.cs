using System.Net;

namespace Kagi.Tests.EndToEnd;

/// <summary>Opens a fresh tenant over HTTP with alice (admin), bob (user), carol (approver) and dave (auditor) signed in.</summary>
public sealed record TenantScript(string Id, string Admin, string Bob, string Carol, string Dave)
{
    public const string AdminPassword = "Correct-Horse-42!";
    public const string UserPassword = "Users-Password-42!";

    public static async Task<TenantScript> OpenAsync(KagiApi api)
    {
        var id = "e2e-" + Guid.NewGuid().ToString("N")[..10];
        (await api.PostAsync("/api/tenants", new { id, name = "End to end", adminUsername = "alice", adminPassword = AdminPassword }, api.OperatorToken))
            .ShouldBe(HttpStatusCode.Created);
        var admin = await api.LoginAsync(id, "alice", AdminPassword);
        foreach (var (name, role) in new[] { ("bob", "user"), ("carol", "approver"), ("dave", "auditor") })
        {
            (await api.PostAsync($"/api/t/{id}/users", new { username = name, password = UserPassword, roles = new[] { role } }, admin)).ShouldBe(HttpStatusCode.Created);
        }

        return new TenantScript(id, admin, await api.LoginAsync(id, "bob", UserPassword), await api.LoginAsync(id, "carol", UserPassword), await api.LoginAsync(id, "dave", UserPassword));
    }
}
