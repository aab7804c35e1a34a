using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kagi.Benchmarks.Http;

/// <summary>Kagi's HTTP API as the benchmark uses it: setting a tenant up, and the calls it measures.</summary>
internal sealed class KagiApiClient(HttpClient http, string operatorToken)
{
    public HttpClient Http => http;

    public static HttpClient CreateHttpClient(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };

    public Task CreateTenantAsync(string id, string admin, string password) =>
        ExpectAsync(HttpMethod.Post, "/api/tenants", new { id, name = "Benchmark", adminUsername = admin, adminPassword = password }, operatorToken, HttpStatusCode.Created);

    public async Task<string> LoginAsync(string tenant, string username, string password)
    {
        using var answer = await SendAsync(HttpMethod.Post, $"/api/t/{tenant}/auth/login", new { username, password }, null);
        return (await ReadAsync(answer, HttpStatusCode.OK)).GetProperty("token").GetString()!;
    }

    /// <summary>Registers the benchmark's PostgreSQL server (the admin connection's host, port, database and role) as a
    /// target of the tenant at <paramref name="tenantPath"/>, with its pacing lifted: the benchmarks set their own pacing,
    /// or measure without it (the default is 300 a minute).</summary>
    public Task<JsonElement> RegisterPostgresTargetAsync(string tenantPath, string targetId, string adminConnection, string adminToken)
    {
        var pg = new Npgsql.NpgsqlConnectionStringBuilder(adminConnection);
        return ExpectAsync(HttpMethod.Post, $"{tenantPath}/targets", new
        {
            id = targetId,
            kind = "postgres",
            host = pg.Host,
            port = pg.Port,
            database = pg.Database,
            adminUsername = pg.Username,
            adminPassword = pg.Password,
            rateLimit = new { perMinute = 60_000, burst = 1_000 },
        }, adminToken, HttpStatusCode.Created);
    }

    public Task<JsonElement> ExpectAsync(HttpMethod method, string path, object? body, string? token, HttpStatusCode expected) =>
        ExpectCoreAsync(method, path, body, token, expected);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }

    private async Task<JsonElement> ExpectCoreAsync(HttpMethod method, string path, object? body, string? token, HttpStatusCode expected)
    {
        using var answer = await SendAsync(method, path, body, token);
        return await ReadAsync(answer, expected);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage answer, HttpStatusCode expected)
    {
        var text = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode != expected)
        {
            throw new InvalidOperationException($"{answer.RequestMessage?.Method} {answer.RequestMessage?.RequestUri?.AbsolutePath}: {(int)answer.StatusCode} {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
