using System.Globalization;
using System.Net;
using System.Text;
using Kagi.Frontend.Mediation;
using Kagi.Tests.Mediation;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Issue 10: every route that takes a JSON body (read from the route table) gets seeded, bounded
/// mutations of a well-shaped body from a caller its declared access admits (the admin where it
/// may), and no answer is a 5xx and neither process logs an error. KAGI_FUZZ_CASES (cases per route,
/// default 40) and KAGI_FUZZ_SEED choose the size; KAGI_FUZZ_RESULTS names a file for a summary
/// (benchmarks/fuzz.sh runs it large).
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class BodyFuzzTests(KagiDeployment kagi)
{
    [Fact]
    public async Task Mutated_json_bodies_never_get_a_server_error_nor_an_error_in_the_logs()
    {
        var cases = Setting("KAGI_FUZZ_CASES", 40);
        var seed = Setting("KAGI_FUZZ_SEED", 10);
        var api = kagi.Api;
        var routes = FrontendRoutes.All.Where(route => JsonBodies.BodyType(route) is not null).ToList();
        var (frontendFailures, siloFailures) = (kagi.Frontend.FailureCount, kagi.Silo.FailureCount);
        var tenant = await TenantScript.OpenAsync(api);
        var statuses = new SortedDictionary<int, int>();
        var serverErrors = new List<string>();
        var started = DateTime.UtcNow;

        foreach (var (route, index) in routes.Select((route, index) => (route, index)))
        {
            var shaped = JsonBodies.Shaped(JsonBodies.BodyType(route)!);
            var mutator = new JsonMutator(seed * 7919 + index);
            // Its own source address per route: sign-in guessing blocks a source, and must not block the next route.
            var headers = new Dictionary<string, string> { ["X-Forwarded-For"] = $"198.51.100.{index % 250 + 1}" };
            for (var i = 0; i < cases; i++)
            {
                var body = mutator.Mutate(shaped);
                var answer = await RouteCalls.SendAsync(api, route, tenant.Id, TokenFor(route, tenant, api), body, headers);
                statuses[(int)answer.Status] = statuses.GetValueOrDefault((int)answer.Status) + 1;
                if (RouteCalls.IsServerError(answer.Status))
                {
                    serverErrors.Add($"{route} case {i} (seed {seed}): {(int)answer.Status} {Short(answer.Body)} for {Short(body)}");
                }
            }

            // A mutation may have been a valid change that locks the admin out (an allow-list, an MFA
            // requirement): carry on in a fresh tenant rather than fuzz refusals only.
            if ((await api.GetAsync($"/api/t/{tenant.Id}/settings/audit", tenant.Admin)).Status != HttpStatusCode.OK)
            {
                tenant = await TenantScript.OpenAsync(api);
            }
        }

        var newFrontendFailures = kagi.Frontend.FailureCount - frontendFailures;
        var newSiloFailures = kagi.Silo.FailureCount - siloFailures;
        await WriteResultsAsync(routes.Count, cases, seed, statuses, serverErrors, newFrontendFailures, newSiloFailures, DateTime.UtcNow - started);
        Assert.True(routes.Count > 15, $"only {routes.Count} routes with a JSON body");
        Assert.True(serverErrors.Count == 0, string.Join(Environment.NewLine, serverErrors));
        Assert.True(newFrontendFailures == 0, "The Frontend logged errors:" + Environment.NewLine + kagi.Frontend.RecentFailures);
        Assert.True(newSiloFailures == 0, "The silo logged errors:" + Environment.NewLine + kagi.Silo.RecentFailures);
    }

    /// <summary>A caller the route's declared access admits, so bodies reach validation and the handler.</summary>
    private static string? TokenFor(FrontendRoute route, TenantScript tenant, KagiApi api) => RequestAccess.Of(route.RequestType!) switch
    {
        { Kind: RequestAccessKind.Operator } => api.OperatorToken,
        { Kind: RequestAccessKind.Anonymous } => null,
        { Roles: null } => tenant.Admin,
        { Roles: { } roles } when roles.Contains("admin") => tenant.Admin,
        { Roles: { } roles } when roles.Contains("user") => tenant.Bob,
        { Roles: { } roles } when roles.Contains("approver") => tenant.Carol,
        _ => tenant.Dave,
    };

    private static async Task WriteResultsAsync(int routes, int cases, int seed, SortedDictionary<int, int> statuses, List<string> serverErrors,
        long frontendFailures, long siloFailures, TimeSpan took)
    {
        if (Environment.GetEnvironmentVariable("KAGI_FUZZ_RESULTS") is not { Length: > 0 } path)
        {
            return;
        }

        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Kagi JSON body fuzz, {DateTimeOffset.UtcNow:u}")
            .AppendLine(CultureInfo.InvariantCulture, $"routes with a JSON body: {routes}; cases per route: {cases}; seed: {seed}; took {took.TotalSeconds:F0} s")
            .AppendLine("answers by status: " + string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")))
            .AppendLine(CultureInfo.InvariantCulture, $"5xx answers: {serverErrors.Count}; error lines logged: Frontend {frontendFailures}, silo {siloFailures}");
        foreach (var error in serverErrors)
        {
            text.AppendLine(error);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text.ToString());
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
