using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of a real server, whose new connections can be cut off: a
/// target that becomes unreachable at a chosen moment, without touching the server itself — or one whose new
/// connections go to another server on the same host (an SSH server whose host key changed), or wait until released (a slow server).
/// </summary>
public sealed class FlakyTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connectionsLeft = int.MaxValue;
    private TaskCompletionSource? _gate;
    private int _held;
    private int _mostHeld;
    private byte[]? _cutAt;

    public FlakyTcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Lets <paramref name="connections"/> more connections through, then drops every new one.</summary>
    public void RefuseAfter(int connections) => Volatile.Write(ref _connectionsLeft, connections);

    public void Heal() => Volatile.Write(ref _connectionsLeft, int.MaxValue);

    /// <summary>
    /// The first time a client sends <paramref name="marker"/> (ASCII, e.g. a statement's first word), its connection
    /// is closed before those bytes reach the server, and every new connection is dropped until <see cref="Heal"/>:
    /// a target lost in the middle of work done on one open (for instance pooled) connection.
    /// </summary>
    public void CutAt(string marker) => Volatile.Write(ref _cutAt, Encoding.ASCII.GetBytes(marker));

    /// <summary>New connections are accepted but wait, unforwarded, until <see cref="Release"/>: a server slow to answer.</summary>
    public void Hold() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Forwards the held connections and every new one.</summary>
    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    /// <summary>Connections waiting now, and the most that ever waited at once.</summary>
    public int Held => Volatile.Read(ref _held);

    public int MostHeldAtOnce => Volatile.Read(ref _mostHeld);

    /// <summary>New connections go to <paramref name="port"/> on the same host from now on.</summary>
    public void SwitchTo(int port) => Volatile.Write(ref _targetPort, port);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (Interlocked.Decrement(ref _connectionsLeft) < 0)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await WaitWhileHeldAsync();
                await server.ConnectAsync(_targetHost, Volatile.Read(ref _targetPort), _stop.Token);
                var up = ForwardUpAsync(client.GetStream(), server.GetStream());
                var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side went away: the other is closed by the usings.
            }
        }
    }

    // Client to server, watching for the marker of CutAt; returning closes both sides (the usings of ForwardAsync).
    private async Task ForwardUpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        var seen = Array.Empty<byte>();
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (Volatile.Read(ref _cutAt) is { } marker)
            {
                // The bytes kept from the last read find a marker split over two reads.
                var window = seen.Concat(buffer.Take(read)).ToArray();
                if (window.AsSpan().IndexOf(marker) >= 0 && Interlocked.CompareExchange(ref _cutAt, null, marker) == marker)
                {
                    RefuseAfter(0);
                    return;
                }

                seen = window[Math.Max(0, window.Length - marker.Length + 1)..];
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private async Task WaitWhileHeldAsync()
    {
        if (Volatile.Read(ref _gate) is not { } gate)
        {
            return;
        }

        var held = Interlocked.Increment(ref _held);
        for (var most = Volatile.Read(ref _mostHeld); held > most; most = Volatile.Read(ref _mostHeld))
        {
            _ = Interlocked.CompareExchange(ref _mostHeld, held, most);
        }

        try
        {
            await gate.Task.WaitAsync(_stop.Token);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }
}
