using Kagi.Errors;
using Kagi.Requests;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Check-outs hammered across the start and the end of a window while the request's reminder fires:
/// the request tells the account (start, end, grants) and the account never asks the request, so no
/// call can wait on one that waits on it. Every call is answered by Kagi (a check-out or a refusal),
/// none by a timeout, and the window's end still checks the account in.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class RequestWindowEdgeTests(FakeClockClusterFixture fixture)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(40);

    [Fact]
    public async Task Check_outs_at_the_very_start_and_end_of_a_window_never_wait_on_the_requests_own_timer()
    {
        FakeClockClusterFixture.RequestTime.Reset();
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var unexpected = new List<Exception>();
        var granted = 0;
        for (var round = 0; round < 3; round++)
        {
            // The window must open after the approval: a pending request expires at its start, and the
            // submission and approval write the request index's rows, which take a while on a loaded machine.
            var start = DateTimeOffset.UtcNow.AddSeconds(4);
            var end = start.AddSeconds(2);
            var id = await world.ApprovedRequestAsync(start, end);
            using var stop = new CancellationTokenSource(end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));

            async Task HammerAsync(Func<Task> call)
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await call();
                    }
                    catch (KagiException)
                    {
                        // Outside the window, or checked out by this requester already: Kagi answered.
                    }
                    catch (Exception e)
                    {
                        lock (unexpected)
                        {
                            unexpected.Add(e);
                        }
                    }

                    await Task.Delay(Pause, CancellationToken.None);
                }
            }

            await Task.WhenAll(
                HammerAsync(async () =>
                {
                    await world.Account.CheckOutAsync(world.Requester, id);
                    Interlocked.Increment(ref granted);
                }),
                HammerAsync(() => world.Request(id).AsReference<IRemindable>().ReceiveReminder(AccessRequestGrain.AgendaReminder, default)),
                HammerAsync(() => world.Account.GetAsync(world.Admin)));

            await world.Request(id).AsReference<IRemindable>().ReceiveReminder(AccessRequestGrain.AgendaReminder, default);
            Assert.Equal(AccessRequestStatus.Expired, (await world.Request(id).GetAsync(world.Admin)).Status);
            Assert.Empty((await world.Account.GetAsync(world.Admin)).Leases);
        }

        Assert.Empty(unexpected);
        Assert.True(granted > 0, "no check-out fell inside a window; the test proved nothing.");
    }
}
