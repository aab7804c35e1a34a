using System.Net.Sockets;
using Kagi.Connectors;
using Kagi.Egress;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Connectors;

/// <summary>
/// Connectors reach a target only through its egress gate: the tests' own PostgreSQL on loopback works with the
/// operator's loopback allowance and is refused, before anything is sent, without it.
/// </summary>
public sealed class EgressConnectorTests : IAsyncDisposable
{
    private readonly PostgresConnector _postgres = new();

    public ValueTask DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task A_postgres_target_on_loopback_is_refused_without_the_operators_allowance_and_reached_with_it()
    {
        var (role, password) = await PostgresRoles.CreateAsync("kagi_egress");
        var target = new TargetEndpoint(PostgresRoles.Host, PostgresRoles.Port, "postgres");

        var refused = await Assert.ThrowsAsync<EgressRefusedException>(() =>
            _postgres.VerifyLoginAsync(target with { Egress = EgressGate.Default }, role, password, CancellationToken.None));
        Assert.True(refused.Unreachable);
        Assert.DoesNotContain(password, refused.Message, StringComparison.Ordinal);

        Assert.True(await _postgres.VerifyLoginAsync(target with { Egress = TestEgress.Loopback }, role, password, CancellationToken.None));
    }

    [Fact]
    public async Task A_name_is_judged_by_the_addresses_it_resolves_to()
    {
        await Assert.ThrowsAsync<EgressRefusedException>(() => EgressGate.Default.ConnectAsync("localhost", PostgresRoles.Port, CancellationToken.None));

        using var socket = await TestEgress.Loopback.ConnectAsync("localhost", PostgresRoles.Port, CancellationToken.None);
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task Kagis_own_storage_is_refused_even_where_loopback_is_allowed()
    {
        var azurite = TestEgress.AzuriteTable;
        using (var direct = new TcpClient())
        {
            // It is there: only the policy keeps the connector out.
            await direct.ConnectAsync(azurite.Address, azurite.Port);
        }

        var e = await Assert.ThrowsAsync<EgressRefusedException>(() => _postgres.VerifyLoginAsync(
            new TargetEndpoint("127.0.0.1", azurite.Port, null) { Egress = TestEgress.Loopback }, "kagi_probe", "probe-password", CancellationToken.None));
        Assert.True(e.Unreachable);
    }

    [Fact]
    public async Task Something_other_than_postgres_on_an_allowed_port_is_unreachable_like_a_closed_port()
    {
        using var other = new TcpListener(System.Net.IPAddress.Loopback, 0);
        other.Start();
        _ = AnswerGarbageAsync(other);
        var closed = LoopbackPorts.Unused();

        var notPostgres = await Assert.ThrowsAnyAsync<TargetUnavailableException>(() => _postgres.VerifyLoginAsync(
            new TargetEndpoint("127.0.0.1", ((System.Net.IPEndPoint)other.LocalEndpoint).Port, null) { Egress = TestEgress.Loopback }, "kagi_probe", "probe-password", CancellationToken.None));
        var nothing = await Assert.ThrowsAnyAsync<TargetUnavailableException>(() => _postgres.VerifyLoginAsync(
            new TargetEndpoint("127.0.0.1", closed, null) { Egress = TestEgress.Loopback }, "kagi_probe", "probe-password", CancellationToken.None));

        Assert.True(notPostgres.Unreachable);
        Assert.True(nothing.Unreachable);
    }

    private static async Task AnswerGarbageAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"u8.ToArray());
        client.Client.Shutdown(SocketShutdown.Both);
    }
}
