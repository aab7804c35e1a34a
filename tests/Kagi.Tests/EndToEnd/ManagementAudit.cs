using System.Net;

namespace Kagi.Tests.EndToEnd;

/// <summary>The tenant's audit log as lines "actor action subject result detail", newest first, read by dave (auditor).</summary>
internal static class ManagementAudit
{
    public static async Task<List<string>> LinesAsync(KagiApi api, TenantScript tenant) =>
        (await api.GetAsync($"/api/t/{tenant.Id}/audit?limit=500", tenant.Dave)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("subject").GetString()} " +
                $"{e.GetProperty("result").GetString()} {e.GetProperty("detail").GetString()}".TrimEnd())
            .ToList();
}
