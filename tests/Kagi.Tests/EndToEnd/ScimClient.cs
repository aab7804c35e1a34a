using System.Net;
using System.Text.Json;

namespace Kagi.Tests.EndToEnd;

/// <summary>A SCIM client of one tenant, as an identity provider's provisioning service is: its own token, scim+json bodies.</summary>
internal sealed record ScimClient(KagiApi Api, string TenantId, string Token)
{
    public const string MediaType = "application/scim+json";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static readonly string[] UserSchemas = ["urn:ietf:params:scim:schemas:core:2.0:User"];

    public string Base => $"/scim/v2/{TenantId}";

    /// <summary>Has the tenant's admin create a SCIM token named <paramref name="name"/>.</summary>
    public static async Task<ScimClient> CreateAsync(KagiApi api, TenantScript tenant, string name = "entra")
    {
        var created = (await api.PostAsync($"/api/t/{tenant.Id}/scim/tokens", new { name }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        return new ScimClient(api, tenant.Id, created.Text("token"));
    }

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, string? token = null) =>
        Api.SendRawAsync(method, Base + path, body is null ? null : body as string ?? JsonSerializer.Serialize(body), token ?? Token, MediaType);

    public Task<ApiResponse> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);

    public Task<ApiResponse> PatchAsync(string path, string operations) =>
        SendAsync(HttpMethod.Patch, path, $$"""{"schemas":["{{PatchOp}}"],"Operations":{{operations}}}""");

    public async Task<JsonElement> CreateUserAsync(string userName, string? password = null, string? displayName = null, string? email = null) =>
        (await SendAsync(HttpMethod.Post, "/Users", new Dictionary<string, object?>
        {
            ["schemas"] = UserSchemas,
            ["userName"] = userName,
            ["displayName"] = displayName,
            ["password"] = password,
            ["emails"] = email is null ? null : new[] { new { value = email, type = "work", primary = true } },
        })).ShouldBe(HttpStatusCode.Created).Json;
}

internal static class ScimAnswers
{
    /// <summary>Checks a SCIM error: its status, media type, schema, status string and scimType.</summary>
    public static ApiResponse ShouldBeScimError(this ApiResponse response, HttpStatusCode status, string? scimType = null)
    {
        Xunit.Assert.True(response.Status == status, $"expected {(int)status}, got {(int)response.Status}: {response.Body}");
        Xunit.Assert.Equal(ScimClient.MediaType, response.MediaType);
        Xunit.Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", response.Json.GetProperty("schemas")[0].GetString());
        Xunit.Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Json.GetProperty("status").GetString());
        Xunit.Assert.False(string.IsNullOrWhiteSpace(response.Json.GetProperty("detail").GetString()));
        if (scimType is not null)
        {
            Xunit.Assert.Equal(scimType, response.Json.GetProperty("scimType").GetString());
        }

        return response;
    }
}
