using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kagi.Tests.EndToEnd;

/// <summary>A thin HTTP client for Kagi's API, as a script or integration would use it.</summary>
public sealed class KagiApi(HttpClient http, string operatorToken) : IDisposable
{
    private readonly HttpClient _http = http;

    public KagiApi(Uri baseAddress, string operatorToken)
        : this(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) }, operatorToken)
    {
    }

    public string OperatorToken => operatorToken;

    /// <summary>Where the Frontend answers (the console is served there too).</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public Task<ApiResponse> PostAsync(string path, object? body, string? token) => SendAsync(HttpMethod.Post, path, body, token);

    public Task<ApiResponse> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, null, token);

    /// <summary>Signs in and returns the session token; fails the test on anything but 200.</summary>
    public async Task<string> LoginAsync(string tenant, string username, string password)
    {
        var response = await PostAsync($"/api/t/{tenant}/auth/login", new { username, password }, null);
        response.ShouldBe(HttpStatusCode.OK);
        return response.Json.GetProperty("token").GetString()!;
    }

    public async Task<ApiResponse> SendCsvAsync(string path, string csv, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await ReadAsync(request);
    }

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, string? token) => SendAsync(method, path, body, token, null);

    /// <summary>Sends <paramref name="body"/> exactly as given (null: no body at all), e.g. broken JSON.</summary>
    public Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string? body, string? token, string mediaType = "application/json") =>
        SendRawAsync(method, path, body, token, mediaType, null);

    /// <summary>As above, with extra request headers (e.g. X-Forwarded-For).</summary>
    public async Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string? body, string? token, string mediaType, IReadOnlyDictionary<string, string>? headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType);
        }

        return await ReadAsync(request);
    }

    /// <summary>Sends with extra request headers, e.g. X-Forwarded-For or User-Agent.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, string? token, IReadOnlyDictionary<string, string>? headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await ReadAsync(request);
    }

    private async Task<ApiResponse> ReadAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var json = text.Length > 0 && (mediaType == "application/json" || mediaType?.EndsWith("+json", StringComparison.Ordinal) == true)
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, json)
        {
            RetryAfter = response.Headers.RetryAfter?.Delta,
            Headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(header => header.Key, header => string.Join(", ", header.Value), StringComparer.OrdinalIgnoreCase),
        };
    }

    public void Dispose() => _http.Dispose();
}

public sealed record ApiResponse(HttpStatusCode Status, string? MediaType, string Body, JsonElement Json)
{
    /// <summary>The Retry-After header, when the answer had one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The answer's headers (content headers included), by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public ApiResponse ShouldBe(HttpStatusCode expected) =>
        Status == expected ? this : throw new Xunit.Sdk.XunitException($"Expected {(int)expected} but got {(int)Status}: {Body}");

    /// <summary>Asserts an RFC 9457 problem of the given status and type slug.</summary>
    public ApiResponse ShouldBeProblem(HttpStatusCode expected, string typeSlug)
    {
        ShouldBe(expected);
        if (MediaType != "application/problem+json" || !Json.GetProperty("type").GetString()!.EndsWith("/" + typeSlug, StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"Expected a '{typeSlug}' problem but got {MediaType}: {Body}");
        }

        return this;
    }

    public string Text(string property) => Json.GetProperty(property).GetString()!;
}
