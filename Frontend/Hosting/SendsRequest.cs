namespace Kagi.Frontend.Hosting;

/// <summary>
/// Endpoint metadata naming the MediatR request an endpoint sends, so its declared access, audit and
/// fail-closed duties can be read from the route table (the route matrix test derives every expected
/// refusal from it). <see cref="KagiEndpoints.MapKagiEndpoints"/> adds it to each endpoint of a slice
/// that holds one request; an endpoint of a slice with several names its own with
/// <see cref="KagiEndpoints.Sends{TRequest}"/>.
/// </summary>
public sealed record SendsRequest(Type RequestType);
