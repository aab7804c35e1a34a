using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kagi.Frontend.Mediation;
using Kagi.Tests.Mediation;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Issue 10, "a matrix that covers every route": every route and method of the Frontend's route table
/// (no list kept here) is called by every kind of caller, and the answer is derived from the access its
/// request declares: no token 401; another tenant's token 404; a role or an API token the request does
/// not admit 403; the operator token is refused by tenant routes, a tenant token by operator routes.
/// Refused calls change nothing: no success or intent is audited, and every read answers as before.
/// A caller who is admitted is called on reads only (a write would change the tenant); the body fuzz
/// drives admitted writes.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed partial class RouteMatrixTests(KagiDeployment kagi)
{
    private enum Who
    {
        NoToken,
        OtherTenant,
        Member,
        Operator,
    }

    private static readonly string[] AdminAndAuditor = ["admin", "auditor"];
    private static readonly string[] Auditor = ["auditor"];

    private sealed record MatrixCaller(string Name, string? Token, Who Who, string[] Roles, bool IsApiToken = false);

    [Fact]
    public async Task Every_route_refuses_the_callers_its_declared_access_does_not_admit_and_a_refusal_changes_nothing()
    {
        var api = kagi.Api;
        var home = await TenantScript.OpenAsync(api);
        var other = await TenantScript.OpenAsync(api);
        MatrixCaller[] callers =
        [
            new("no token", null, Who.NoToken, []),
            new("admin of another tenant", other.Admin, Who.OtherTenant, ["admin"]),
            new("admin", home.Admin, Who.Member, ["admin"]),
            new("user", home.Bob, Who.Member, ["user"]),
            new("approver", home.Carol, Who.Member, ["approver"]),
            new("auditor", home.Dave, Who.Member, ["auditor"]),
            new("API token narrowed to auditor", await NarrowApiTokenAsync(api, home), Who.Member, ["auditor"], IsApiToken: true),
            new("operator", api.OperatorToken, Who.Operator, []),
        ];
        var before = await SnapshotAsync(api, home);
        var failures = new List<string>();
        var refusals = 0;

        foreach (var route in FrontendRoutes.All)
        {
            if (route.RequestType is not { } requestType || RequestAccess.Of(requestType) is not { } access)
            {
                failures.Add($"{route}: names no request with a declared access (SendsRequest metadata)");
                continue;
            }

            var body = JsonBodies.BodyType(route) is { } bodyType ? JsonBodies.Shaped(bodyType)!.ToJsonString() : null;
            foreach (var caller in callers)
            {
                // SCIM routes take a SCIM token only, which none of these callers holds (ScimHttpTests admits it).
                var expected = route.Pattern.StartsWith("/scim/", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : Expected(access, requestType, caller);
                if (expected is null && route.Method != "GET")
                {
                    continue;
                }

                var answer = await RouteCalls.SendAsync(api, route, home.Id, caller.Token, body);
                if (expected is { } status)
                {
                    refusals++;
                    if (answer.Status != status)
                    {
                        failures.Add($"{route} as {caller.Name}: expected {(int)status}, got {(int)answer.Status} {Short(answer.Body)}");
                    }
                }
                else if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || RouteCalls.IsServerError(answer.Status))
                {
                    failures.Add($"{route} as {caller.Name}: admitted, but answered {(int)answer.Status} {Short(answer.Body)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // The matrix must have refused something on most routes, or it proved nothing.
        Assert.True(refusals > FrontendRoutes.All.Count * 3, $"only {refusals} refusals over {FrontendRoutes.All.Count} routes");
        var after = await SnapshotAsync(api, home);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, entry => Assert.True(entry.Value == after[entry.Key], $"{entry.Key} changed:{Environment.NewLine}{entry.Value}{Environment.NewLine}{after[entry.Key]}"));
    }

    /// <summary>The refusal the declared access calls for, or null when the caller is admitted.</summary>
    private static HttpStatusCode? Expected(RequestAccess access, Type requestType, MatrixCaller caller) => access.Kind switch
    {
        RequestAccessKind.Anonymous => null,
        RequestAccessKind.Operator => caller.Who == Who.Operator ? null : HttpStatusCode.Unauthorized,
        _ => caller.Who switch
        {
            Who.NoToken or Who.Operator => HttpStatusCode.Unauthorized,
            Who.OtherTenant => HttpStatusCode.NotFound,
            _ when caller.IsApiToken && typeof(IInteractiveRequest).IsAssignableFrom(requestType) => HttpStatusCode.Forbidden,
            _ when access.Roles is { } roles && !roles.Intersect(caller.Roles).Any() => HttpStatusCode.Forbidden,
            _ => null,
        },
    };

    /// <summary>
    /// What a refused call must not change: the tenant's success and intent records (reads are
    /// audited too, so their own actions are left out) and the answer of every tenant read that is not
    /// itself audited, as the tenant's admin sees it.
    /// </summary>
    private static async Task<SortedDictionary<string, string>> SnapshotAsync(KagiApi api, TenantScript tenant)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var reads = FrontendRoutes.All.Where(route => route.Method == "GET" && route.RequestType is not null).ToList();
        var readActions = reads.Select(route => route.RequestType!).Where(typeof(IAuditedRequest).IsAssignableFrom)
            .Select(type => ((IAuditedRequest)RuntimeHelpers.GetUninitializedObject(type)).AuditAction).ToHashSet(StringComparer.Ordinal);
        foreach (var result in new[] { "success", "intent" })
        {
            snapshot["audit " + result] = string.Join(Environment.NewLine, (await AuditAsync(api, tenant, result))
                .Where(entry => !readActions.Contains(entry.GetProperty("action").GetString()!))
                .Select(entry => $"{entry.GetProperty("sequence")} {entry.GetProperty("action")} {entry.GetProperty("actor")}"));
        }

        foreach (var route in reads.Where(route => RequestAccess.Of(route.RequestType!)?.Kind == RequestAccessKind.Tenant
            && !typeof(IAuditedRequest).IsAssignableFrom(route.RequestType)))
        {
            var answer = await RouteCalls.SendAsync(api, route, tenant.Id, tenant.Admin, null);
            snapshot[route.ToString()] = $"{(int)answer.Status} {TraceId().Replace(answer.Body, "")}";
        }

        return snapshot;
    }

    private static async Task<List<JsonElement>> AuditAsync(KagiApi api, TenantScript tenant, string result)
    {
        var entries = new List<JsonElement>();
        string? continuation = null;
        do
        {
            var page = (await api.GetAsync($"/api/t/{tenant.Id}/audit?result={result}&limit=500"
                + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)), tenant.Dave)).ShouldBe(HttpStatusCode.OK);
            entries.AddRange(page.Json.GetProperty("events").EnumerateArray());
            continuation = page.Json.TryGetProperty("continuation", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (continuation is not null);
        return entries;
    }

    /// <summary>An API token of a user holding admin and auditor, narrowed to auditor.</summary>
    private static async Task<string> NarrowApiTokenAsync(KagiApi api, TenantScript tenant)
    {
        (await api.PostAsync($"/api/t/{tenant.Id}/users", new { username = "erin", password = TenantScript.UserPassword, roles = AdminAndAuditor }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        var session = await api.LoginAsync(tenant.Id, "erin", TenantScript.UserPassword);
        return (await api.PostAsync($"/api/t/{tenant.Id}/me/api-tokens", new
        {
            name = "matrix", roles = Auditor, expiresAt = DateTimeOffset.UtcNow.AddDays(1), currentPassword = TenantScript.UserPassword,
        }, session)).ShouldBe(HttpStatusCode.Created).Text("token");
    }

    // Each answer's trace id is its own; nothing stored.
    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();

    private static string Short(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
