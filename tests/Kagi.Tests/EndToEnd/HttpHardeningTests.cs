using System.Net;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>What every HTTP answer carries, and how a broken body is answered, over the real Frontend.</summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class HttpHardeningTests(KagiDeployment kagi)
{
    private const string Secret = "Hunter2-Secret-Value-42";
    private static readonly string[] Approver = ["approver"];

    // The framework's own wording, which must never reach a caller.
    private static readonly string[] FrameworkWords =
        ["Implicit body", "Did you mean", "Failed to read parameter", "System.Text.Json", "could not be converted", "LineNumber", "BytePositionInLine", "Kagi.Frontend", "JSON payload", "Failed to bind", "rfc9110"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_only_answers_with_secrets_forbid_caching()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";

        var ordinary = (await Api.GetAsync($"{t}/accounts", tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        ShouldBeHardened(ordinary);
        Assert.False(ordinary.Headers.ContainsKey("Pragma"));
        Assert.DoesNotContain("no-store", ordinary.Headers.GetValueOrDefault("Cache-Control") ?? "", StringComparison.Ordinal);
        ShouldBeHardened((await Api.GetAsync($"{t}/accounts", null)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthenticated"));
        ShouldBeHardened((await Api.GetAsync("/health/live", null)).ShouldBe(HttpStatusCode.OK));
        ShouldBeHardened((await Api.GetAsync("/no/such/path", null)).ShouldBe(HttpStatusCode.NotFound));

        ShouldKeepOutOfCaches((await Api.PostAsync($"{t}/auth/login", new { username = "bob", password = TenantScript.UserPassword }, null)).ShouldBe(HttpStatusCode.OK));
        ShouldKeepOutOfCaches((await Api.PostAsync($"{t}/me/api-tokens", new { name = "ci", roles = Approver, expiresAt = DateTimeOffset.UtcNow.AddDays(1), currentPassword = TenantScript.UserPassword }, tenant.Carol))
            .ShouldBe(HttpStatusCode.Created));
        var enrolment = (await Api.PostAsync($"{t}/me/mfa/totp", new { currentPassword = TenantScript.UserPassword }, tenant.Dave)).ShouldBe(HttpStatusCode.OK);
        ShouldKeepOutOfCaches(enrolment);
        var code = await OathTool.TotpAsync(enrolment.Text("secret"), DateTimeOffset.UtcNow);
        ShouldKeepOutOfCaches((await Api.PostAsync($"{t}/me/mfa/totp/confirm", new { code }, tenant.Dave)).ShouldBe(HttpStatusCode.OK));

        var (adminRole, adminPassword) = await PostgresRoles.CreateAsync("e2e_hdr_admin", "CREATEROLE");
        var (role, password) = await PostgresRoles.CreateAsync("e2e_hdr_owner");
        (await Api.PostAsync($"{t}/targets", new { id = "pg", kind = "postgres", host = PostgresRoles.Host, port = PostgresRoles.Port, adminUsername = adminRole, adminPassword }, tenant.Admin))
            .ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"{t}/accounts", new { id = "owner", targetId = "pg", username = role, password }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var requestId = (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddHours(1), reason = "headers" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        (await Api.PostAsync($"{t}/requests/{requestId}/approve", null, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var checkout = (await Api.PostAsync($"{t}/accounts/owner/checkout", new { requestId }, tenant.Bob)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(password, checkout.Text("password"));
        ShouldKeepOutOfCaches(checkout);
    }

    [Fact]
    public async Task A_missing_body_is_named_in_our_words_on_every_endpoint_that_needs_one()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        foreach (var (path, token) in Endpoints(tenant))
        {
            foreach (var body in new[] { null, "null" })
            {
                var problem = await ProblemAsync(path, body, token);
                Assert.Equal("This request needs a JSON object as its body, and none was sent.", problem.Text("detail"));
            }
        }
    }

    [Fact]
    public async Task Malformed_json_or_a_field_of_the_wrong_type_is_located_without_echoing_the_body()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        foreach (var (path, token) in Endpoints(tenant))
        {
            var truncated = await ProblemAsync(path, $$"""{"username":"bob","password":"{{Secret}}" """, token);
            Assert.Matches(@"^The body is not valid JSON \(line 1, byte \d+\)\.$", truncated.Text("detail"));
            Assert.Matches(@"^The body is not valid JSON \(line 1, byte \d+\)\.$", (await ProblemAsync(path, "{", token)).Text("detail"));
            Assert.Matches(@"^The body is not valid JSON \(line 2, byte \d+\)\.$", (await ProblemAsync(path, "{\n  \"username\": bob }", token)).Text("detail"));
        }

        var t = $"/api/t/{tenant.Id}";
        var wrongTypes = new[]
        {
            ($"{t}/auth/login", $$"""{"username":["bob"],"password":"{{Secret}}"}""", (string?)null, "$.username"),
            ($"{t}/users", $$"""{"username":"eve","password":"{{Secret}}","roles":"admin"}""", tenant.Admin, "$.roles"),
            ($"{t}/requests", """{"accountId":"owner","from":"yesterday","until":"2030-01-01T00:00:00Z","reason":"x"}""", tenant.Bob, "$.from"),
            ($"{t}/accounts/owner/checkout", """{"requestId":42}""", tenant.Bob, "$.requestId"),
            ($"{t}/accounts/owner/checkout", """{"requestId":null}""", tenant.Bob, "$"),
            ($"{t}/auth/login", $$"""{"username":"bob","totp":"{{Secret}}"}""", null, "$"),
        };
        foreach (var (path, body, token, field) in wrongTypes)
        {
            var detail = (await ProblemAsync(path, body, token)).Text("detail");
            Assert.Matches(@"^The JSON body does not fit this request at \$[.\w]* \(line 1, byte \d+\): a field is missing, null, or of the wrong type\.$", detail);
            Assert.StartsWith($"The JSON body does not fit this request at {field}", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_body_that_is_not_json_or_a_query_value_of_the_wrong_form_is_answered_in_our_words()
    {
        var tenant = await TenantScript.OpenAsync(Api);

        var form = await Api.SendRawAsync(HttpMethod.Post, $"/api/t/{tenant.Id}/auth/login", $"username=bob&password={Secret}", null, "application/x-www-form-urlencoded");
        var query = await Api.GetAsync($"/api/t/{tenant.Id}/reports/usage?from={Secret}", tenant.Dave);

        form.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType, "invalid");
        Assert.Equal("Send the body as JSON, with 'Content-Type: application/json'.", form.Text("detail"));
        query.ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.Equal("A parameter in the path or the query string is missing or has the wrong form.", query.Text("detail"));
        ShouldNotLeak(form);
        ShouldNotLeak(query);
        ShouldBeHardened(form);
    }

    private static (string Path, string? Token)[] Endpoints(TenantScript tenant) =>
    [
        ($"/api/t/{tenant.Id}/auth/login", null),
        ($"/api/t/{tenant.Id}/users", tenant.Admin),
        ($"/api/t/{tenant.Id}/requests", tenant.Bob),
        ($"/api/t/{tenant.Id}/accounts/owner/checkout", tenant.Bob),
    ];

    private async Task<ApiResponse> ProblemAsync(string path, string? body, string? token)
    {
        var response = (await Api.SendRawAsync(HttpMethod.Post, path, body, token)).ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        ShouldNotLeak(response);
        ShouldBeHardened(response);
        return response;
    }

    private static void ShouldNotLeak(ApiResponse response)
    {
        Assert.DoesNotContain(Secret, response.Body, StringComparison.Ordinal);
        foreach (var words in FrameworkWords)
        {
            Assert.DoesNotContain(words, response.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void ShouldBeHardened(ApiResponse response)
    {
        Assert.Equal("nosniff", response.Headers.GetValueOrDefault("X-Content-Type-Options"));
        Assert.Equal("no-referrer", response.Headers.GetValueOrDefault("Referrer-Policy"));
        Assert.Equal("DENY", response.Headers.GetValueOrDefault("X-Frame-Options"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValueOrDefault("Content-Security-Policy"));
    }

    private static void ShouldKeepOutOfCaches(ApiResponse response)
    {
        ShouldBeHardened(response);
        Assert.Equal("no-store", response.Headers.GetValueOrDefault("Cache-Control"));
        Assert.Equal("no-cache", response.Headers.GetValueOrDefault("Pragma"));
    }
}
