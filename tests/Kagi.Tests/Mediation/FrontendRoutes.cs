using Kagi.Frontend.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kagi.Tests.Mediation;

/// <summary>One route and method of the Frontend, with the request it sends (null when it names none).</summary>
public sealed record FrontendRoute(string Method, RouteEndpoint Endpoint, Type? RequestType)
{
    public string Pattern => Endpoint.RoutePattern.RawText ?? "";

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// The Frontend's route table, built the way Program.cs builds it (same services, same mapping), without
/// a cluster: every endpoint of every slice, so tests over it cover endpoints nobody listed.
/// </summary>
public static class FrontendRoutes
{
    private static readonly Lazy<IReadOnlyList<FrontendRoute>> Routes = new(Build);

    public static IReadOnlyList<FrontendRoute> All => Routes.Value;

    private static List<FrontendRoute> Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // What Program.cs registers and an endpoint may take as a parameter.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKagiRouting();
        builder.Services.AddKagiMediator();
        var app = builder.Build();
        app.MapKagiEndpoints();
        return [.. ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => new FrontendRoute(method, endpoint, endpoint.Metadata.GetMetadata<SendsRequest>()?.RequestType)))
            .OrderBy(route => route.Pattern, StringComparer.Ordinal)
            .ThenBy(route => route.Method, StringComparer.Ordinal)];
    }
}
