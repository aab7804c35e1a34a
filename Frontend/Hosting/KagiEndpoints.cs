using Kagi.Frontend.Mediation;

namespace Kagi.Frontend.Hosting;

/// <summary>Maps every slice's endpoints, each tagged with the request it sends (<see cref="SendsRequest"/>).</summary>
public static class KagiEndpoints
{
    /// <summary>The route constraints every slice's routes use (<c>{tenant:tenant}</c>, <c>{x:id}</c>).</summary>
    public static IServiceCollection AddKagiRouting(this IServiceCollection services) =>
        services.Configure<RouteOptions>(options =>
        {
            options.SetParameterPolicy<TenantIdRouteConstraint>(TenantIdRouteConstraint.Name);
            options.SetParameterPolicy<IdentifierRouteConstraint>(IdentifierRouteConstraint.Name);
        });

    public static void MapKagiEndpoints(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        foreach (var endpoint in routes.ServiceProvider.GetServices<IEndpoint>())
        {
            // A group without a prefix only carries metadata: the slice's request, when it has one.
            var slice = routes.MapGroup(string.Empty);
            if (OnlyRequestOf(endpoint.GetType()) is { } request)
            {
                slice.WithMetadata(new SendsRequest(request));
            }

            endpoint.Map(slice);
        }
    }

    /// <summary>Names the request an endpoint sends, where its slice holds more than one.</summary>
    public static RouteHandlerBuilder Sends<TRequest>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new SendsRequest(typeof(TRequest)));

    /// <summary>Names the request an endpoint sends and the audit action this endpoint gives it (see <see cref="SendsRequest.AuditAction"/>).</summary>
    public static RouteHandlerBuilder Sends<TRequest>(this RouteHandlerBuilder builder, string auditAction) =>
        builder.WithMetadata(new SendsRequest(typeof(TRequest)) { AuditAction = auditAction });

    private static Type? OnlyRequestOf(Type endpoint) =>
        endpoint.DeclaringType?.GetNestedTypes().Where(RequestAccess.IsRequestType).ToList() is [var only] ? only : null;
}
