using System.Net;
using Kagi.Domain.Egress;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Over HTTP against the real processes, whose operator allowed loopback: a target at Kagi's own Azurite and one
/// at a closed port answer one and the same problem, and a tenant's login tries are paced with 429 and Retry-After.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class EgressHttpTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    private static object Postgres(string id, string host, int port) => new
    {
        id, kind = "postgres", host, port, database = "postgres", adminUsername = "kagi_probe", adminPassword = "probe-password",
    };

    [Fact]
    public async Task Kagis_own_azurite_and_a_closed_port_answer_the_same_target_unreachable_problem()
    {
        var tenant = await TenantScript.OpenAsync(Api);

        var azurite = (await Api.PostAsync($"/api/t/{tenant.Id}/targets", Postgres("azurite", "127.0.0.1", TestEgress.AzuriteTable.Port), tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "target-unreachable");
        var closed = (await Api.PostAsync($"/api/t/{tenant.Id}/targets", Postgres("closed", "127.0.0.1", LoopbackPorts.Unused()), tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "target-unreachable");
        var metadata = (await Api.PostAsync($"/api/t/{tenant.Id}/targets", Postgres("metadata", "169.254.169.254", 80), tenant.Admin))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "target-unreachable");

        Assert.Equal(closed.Text("detail"), azurite.Text("detail"));
        Assert.Equal(closed.Text("detail"), metadata.Text("detail"));
        Assert.DoesNotContain(TestEgress.AzuriteTable.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), azurite.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenants_login_tries_over_the_limit_answer_429_with_retry_after()
    {
        var tenant = await TenantScript.OpenAsync(Api);

        var tried = 0;
        ApiResponse answer;
        while ((answer = await Api.PostAsync($"/api/t/{tenant.Id}/targets", Postgres($"probe-{tried}", "169.254.169.254", 5432), tenant.Admin)).Status
            == HttpStatusCode.UnprocessableEntity && tried < VerificationPacing.Burst + 20)
        {
            tried++;
        }

        answer.ShouldBeProblem(HttpStatusCode.TooManyRequests, "verification-paced");
        // The burst, plus what refilled (one every two seconds) while the requests went out.
        Assert.InRange(tried, VerificationPacing.Burst, VerificationPacing.Burst + 10);
        Assert.NotNull(answer.RetryAfter);
        Assert.InRange(answer.RetryAfter!.Value, TimeSpan.FromSeconds(1), VerificationPacing.Interval);
    }
}
