using System.Net;
using System.Net.Sockets;

namespace Kagi.Tests.Infrastructure;

public static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on (the OS picked it free a moment ago).</summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
