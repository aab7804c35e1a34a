using System.Net;
using System.Text.RegularExpressions;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>The OpenAPI document and the API reference page the real Frontend serves.</summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed partial class ApiDocumentationHttpTests(KagiDeployment kagi)
{
    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task Every_endpoint_the_Frontend_maps_is_in_the_OpenAPI_document()
    {
        var document = (await Api.GetAsync(ApiDocumentation.DocumentPath, null)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = MappedEndpoints();

        Assert.True(mapped.Count > 60, $"only {mapped.Count} endpoints found in the registry");
        Assert.Contains("DELETE /api/t/{tenant}/users/{username}", mapped);
        var missing = mapped.Where(endpoint => !described.Contains(endpoint)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal("", string.Join(", ", missing)); // names what the document is missing
    }

    [Fact]
    public async Task The_document_names_every_problem_type_and_the_bearer_token()
    {
        var document = (await Api.GetAsync(ApiDocumentation.DocumentPath, null)).ShouldBe(HttpStatusCode.OK).Json;
        var components = document.GetProperty("components");

        var types = components.GetProperty("schemas").GetProperty("Problem").GetProperty("properties").GetProperty("type").GetProperty("enum")
            .EnumerateArray().Select(type => type.GetString()).ToList();

        Assert.Equal(ProblemTypes.All.Select(type => type.Uri).Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal));
        Assert.Contains("/problems/tenant-suspended", types);
        Assert.Equal("bearer", components.GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var deleteUser = document.GetProperty("paths").GetProperty("/api/t/{tenant}/users/{username}").GetProperty("delete");
        Assert.True(deleteUser.GetProperty("responses").TryGetProperty("4XX", out var refused));
        Assert.True(refused.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task The_reference_page_runs_only_the_scripts_its_own_policy_allows()
    {
        var page = (await Api.GetAsync(ApiDocumentation.ReferencePath + "/", null)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("text/html", page.MediaType);
        var policy = page.Headers["Content-Security-Policy"];
        var nonce = NonceSource().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(part => part.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var scripts = ScriptTag().Matches(page.Body);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, script => Assert.Contains($"nonce=\"{nonce}\"", script.Value, StringComparison.Ordinal));

        // A fresh nonce each time, and the scripts themselves are served from Kagi, not a CDN.
        var again = (await Api.GetAsync(ApiDocumentation.ReferencePath + "/", null)).ShouldBe(HttpStatusCode.OK);
        Assert.NotEqual(policy, again.Headers["Content-Security-Policy"]);
        (await Api.GetAsync(ApiDocumentation.ReferencePath + "/scalar.js", null)).ShouldBe(HttpStatusCode.OK);
        // Every other answer keeps the policy that allows nothing.
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, (await Api.GetAsync(ApiDocumentation.DocumentPath, null)).Headers["Content-Security-Policy"]);
    }

    /// <summary>"METHOD /path" of every endpoint the Frontend's registry maps, route constraints left out as the document does.</summary>
    private static HashSet<string> MappedEndpoints()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddKagiMediator();
        builder.Services.AddSingleton(TimeProvider.System); // a parameter of one endpoint, as in the Frontend
        var app = builder.Build();
        foreach (var endpoint in app.Services.GetServices<IEndpoint>())
        {
            endpoint.Map(app);
        }

        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                $"{method} {RouteParameter().Replace(endpoint.RoutePattern.RawText!, "{$1}")}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\{([A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"script-src [^;]*'nonce-([^']+)'")]
    private static partial Regex NonceSource();

    [GeneratedRegex(@"<script[^>]*>")]
    private static partial Regex ScriptTag();
}
