using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Siem;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>A plain syslog receiver that talks back without end is cut off at the reply bound, not listened to until the send's timeout.</summary>
public sealed class SiemSenderReplyBoundTests
{
    [Fact]
    public async Task A_receiver_that_keeps_sending_is_cut_off_at_the_bound()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var talker = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            var stream = client.GetStream();
            var noise = new byte[8192];
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(noise, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // Kagi hung up, as it should.
            }
        });
        var destination = new SiemDestination("soc", SiemKinds.Syslog, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, Tls: false, Url: null);
        var record = AuditChain.Link(1, new AuditEvent(DateTimeOffset.UtcNow, "alice", "auth.login", "alice", AuditResults.Success, "10.0.0.1", "x"), AuditChain.GenesisHash);
        var stopwatch = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<IOException>(() => new SiemSender(TestEgress.Gates).SendAsync("acme", destination, [record], CancellationToken.None));

        Assert.Contains("more than", refused.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        await stop.CancelAsync();
        await talker;
    }
}
