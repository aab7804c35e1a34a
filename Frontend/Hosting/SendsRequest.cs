namespace Kagi.Frontend.Hosting;

/// <summary>
/// Endpoint metadata naming the MediatR request an endpoint sends, so its declared access, audit and
/// fail-closed duties can be read from the route table (the route matrix test derives every expected
/// refusal from it, and <see cref="Mediation.AccessGate"/> authorizes by it before the body is read).
/// <see cref="KagiEndpoints.MapKagiEndpoints"/> adds it to each endpoint of a slice that holds one request;
/// an endpoint of a slice with several names its own with <see cref="KagiEndpoints.Sends{TRequest}(RouteHandlerBuilder)"/>.
/// </summary>
public sealed record SendsRequest(Type RequestType)
{
    /// <summary>The request's audit action where the endpoint, not the route's values, decides it (its path or
    /// method picks a section or a decision), for the record of a caller refused before the request is built.</summary>
    public string? AuditAction { get; init; }
}
