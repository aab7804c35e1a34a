using System.Net;
using System.Net.Http.Headers;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A deployment as an operator who watches it runs one: the Orleans Dashboard switched on, and Kagi's own log
/// categories at debug with ASP.NET Core's request lines on, so the log scan reads as much as an operator could
/// turn on. Its own processes, so every line they write belongs to the tests of this collection.
/// </summary>
public sealed class ObservedKagi : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["KAGI_DASHBOARD"] = "on",
        ["Logging__LogLevel__Kagi"] = "Debug",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
    };

    public KagiDeployment Deployment { get; } = new(TestEnvironment.StorageConnection, Settings);

    public KagiApi Api => Deployment.Api;

    public Task InitializeAsync() => Deployment.InitializeAsync();

    public Task DisposeAsync() => Deployment.DisposeAsync();

    /// <summary>GET on the silo's operator listener, with the given Authorization header value (none when null).</summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetOperatorAsync(Uri listener, string path, string? authorization)
    {
        ArgumentNullException.ThrowIfNull(listener);
        using var http = new HttpClient { BaseAddress = listener, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

[CollectionDefinition(Name)]
public sealed class ObservedKagiGroup : ICollectionFixture<ObservedKagi>
{
    public const string Name = "Kagi deployment, observed";
}
