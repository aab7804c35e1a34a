using System.Collections.Immutable;
using System.Net;
using Azure.Data.Tables;
using Kagi.Domain.Egress;
using Kagi.Egress;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// The egress settings of the tests, as an operator running targets on this host would set them: the loopback
/// networks are allowed, and the tests' Azurite stays one of Kagi's own endpoints, refused even on loopback.
/// </summary>
public static class TestEgress
{
    public const string LoopbackNetworks = "127.0.0.0/8,::1/128";

    public static EgressSettings Settings { get; } = new(
        EgressAllowance.Parse(LoopbackNetworks, out _)!,
        ImmutableDictionary<string, EgressAllowance>.Empty,
        [.. AzuriteEndpoints()]);

    public static EgressGates Gates { get; } = new(Settings, NullLogger<EgressGate>.Instance);

    /// <summary>A gate with the loopback allowance, for connectors called directly.</summary>
    public static EgressGate Loopback { get; } = Gates.For("tests");

    /// <summary>The tests' Azurite table endpoint, on both loopback addresses.</summary>
    public static IPEndPoint AzuriteTable => AzuriteEndpoints()[0];

    private static IPEndPoint[] AzuriteEndpoints()
    {
        var uri = new TableServiceClient(TestEnvironment.StorageConnection).Uri;
        return [new IPEndPoint(IPAddress.Loopback, uri.Port), new IPEndPoint(IPAddress.IPv6Loopback, uri.Port)];
    }
}
