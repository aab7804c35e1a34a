using System.Reflection;
using System.Runtime.CompilerServices;

namespace Kagi.Frontend.Mediation;

/// <summary>
/// An audited request as far as its route names it, built without reading the body: what
/// <see cref="AccessGate"/> records for a member of the tenant it refuses before the endpoint builds the real
/// request. The request's primary constructor takes the tenant, then the route's other values in the order the
/// route names them (while its parameters are strings), as every endpoint builds it; every other member stays
/// empty, so what only the body would have said (a new target's id) is not recorded, as no field of a refused
/// caller ever is. Where the endpoint's path or method picks the action, the endpoint names it
/// (<see cref="Hosting.SendsRequest.AuditAction"/>). <c>RouteOnlyRequestTests</c> checks this against the request
/// each endpoint really sends.
/// </summary>
public sealed record RouteOnlyRequest(string TenantId, string AuditAction, string? AuditSubject, string? AuditAccountId, string? AuditRequestId) : IAuditedRequest
{
    /// <summary>The record for <paramref name="requestType"/>, or null when it is not an audited request.</summary>
    /// <param name="routeValues">The route's values other than the tenant, in the order its pattern names them.</param>
    public static RouteOnlyRequest? For(Type requestType, string tenantId, IReadOnlyList<string> routeValues, string? declaredAction)
    {
        ArgumentNullException.ThrowIfNull(requestType);
        ArgumentNullException.ThrowIfNull(routeValues);
        if (!typeof(IAuditedRequest).IsAssignableFrom(requestType))
        {
            return null;
        }

        var request = (IAuditedRequest)RuntimeHelpers.GetUninitializedObject(requestType);
        var unused = new Queue<string>(routeValues);
        foreach (var parameter in PrimaryConstructor(requestType).GetParameters())
        {
            if (requestType.GetProperty(parameter.Name!) is { CanWrite: true } property)
            {
                property.SetValue(request, parameter.Name == nameof(ITenantRequest.TenantId) ? tenantId
                    : parameter.ParameterType == typeof(string) && unused.Count > 0 ? unused.Dequeue()
                    : Empty(parameter.ParameterType));
            }
        }

        return new(tenantId, declaredAction ?? request.AuditAction, request.AuditSubject, request.AuditAccountId, request.AuditRequestId);
    }

    private static ConstructorInfo PrimaryConstructor(Type type) =>
        type.GetConstructors().MaxBy(constructor => constructor.GetParameters().Length)
        ?? throw new InvalidOperationException($"{type} has no public constructor.");

    // A body object stays an empty instance, so members read through it (Target.Id) are null rather than throwing.
    private static object? Empty(Type type) =>
        type.IsClass && !type.IsAbstract && !type.IsArray && type != typeof(string) ? RuntimeHelpers.GetUninitializedObject(type) : null;
}
