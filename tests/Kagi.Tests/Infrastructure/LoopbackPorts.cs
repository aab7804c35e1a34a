using System.Net;
using System.Net.Sockets;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// Ports for the tests' own listeners: Kagi processes, private Azurites, SMTP sinks, receivers, and ports left closed
/// on purpose. They are taken below the kernel's ephemeral range (32768–60999 on Linux), because a port the kernel
/// chose for a bind to port 0 and that was released is handed out again by the kernel, to another bind to port 0 or
/// as the source port of an outgoing connection, before the process that was told it starts listening on it; and
/// below Orleans' TestCluster silo ports (22300–30000), which it reserves but binds only when its silos start.
/// Within one test run a port is never handed out twice; each run starts at an offset of its own, so two runs on
/// one machine rarely meet, and a port something already listens on is skipped.
/// </summary>
public static class LoopbackPorts
{
    private const int First = 12_000;
    private const int Last = 22_000;
    private static readonly Lock Gate = new();
    private static int _next = First + (Environment.ProcessId * 97 % (Last - First));

    /// <summary>A loopback port nothing listens on and that no other caller in this run has been given.</summary>
    public static int Unused()
    {
        lock (Gate)
        {
            for (var tried = 0; tried <= Last - First; tried++)
            {
                var port = _next;
                _next = _next == Last ? First : _next + 1;
                if (IsFree(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No loopback port between {First} and {Last} is free.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
