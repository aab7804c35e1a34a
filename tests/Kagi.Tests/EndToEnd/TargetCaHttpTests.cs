using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Issue 10, item 8, over HTTP against the tests' real PostgreSQL, which offers TLS with a certificate from a
/// throw-away CA: a target given that CA and no sslMode is verified fully (and the audit says it was the default);
/// the same server under another CA is refused with the uniform 502; a CA with TLS turned off is a 400.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class TargetCaHttpTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task A_postgres_target_given_its_own_ca_verifies_fully_by_default_and_another_ca_is_refused()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_tlsadmin", "CREATEROLE");
        var ca = await File.ReadAllTextAsync(TestEnvironment.PostgresCa);
        using var otherCa = TestCertificates.CreateCa("Some other CA");
        object Target(string id, string? caCertificate, string? sslMode = null) => new
        {
            id, kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, database = "postgres",
            adminUsername = adminRole, adminPassword, caCertificate, sslMode,
        };
        var path = $"/api/t/{tenant.Id}/targets";

        var created = (await Api.PostAsync(path, Target("pg", ca), tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync(path, Target("pg-other", otherCa.ExportCertificatePem()), tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadGateway, "target-unavailable");
        (await Api.PostAsync(path, Target("pg-plain", ca, "disable"), tenant.Admin)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");

        Assert.Equal("verifyFull", created.Text("sslMode"));
        var records = (await Api.GetAsync($"/api/t/{tenant.Id}/audit?kind=target.create&result=success", tenant.Dave)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("detail").GetString()).ToList();
        Assert.Contains("sslMode verify-full (default); its own CA certificate", Assert.Single(records), StringComparison.Ordinal);
        (await Api.GetAsync(path + "/pg-other", tenant.Admin)).ShouldBe(HttpStatusCode.NotFound);
    }
}
