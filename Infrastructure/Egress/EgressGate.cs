using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Kagi.Connectors;
using Kagi.Domain.Egress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kagi.Egress;

/// <summary>
/// Resolves a destination a tenant chose and connects only to a resolved address the <see cref="EgressPolicy"/>
/// allows. Every connection resolves and checks again, and the socket is opened to the very address that was
/// checked, so a name that later resolves elsewhere (DNS rebinding) gains nothing. Refusals are told to the
/// operator log with the reason and to the caller only as <see cref="EgressRefusedException"/>.
/// </summary>
public sealed partial class EgressGate(EgressPolicy policy, string scope, ILogger logger)
{
    /// <summary>How long one connection attempt may take before it counts as unreachable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>No allowance: the public internet only. What a destination gets when nobody chose a tenant's gate.</summary>
    public static EgressGate Default { get; } = new(EgressPolicy.Default, "default", NullLogger.Instance);

    /// <summary>The allowed addresses <paramref name="host"/> resolves to now, in the resolver's order; at least one.</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                LogUnresolved(logger, scope, host, e.SocketErrorCode);
                throw new EgressRefusedException(host, port);
            }
        }

        var allowed = new List<IPAddress>(addresses.Length);
        foreach (var address in addresses)
        {
            var verdict = policy.Decide(address, port);
            if (verdict.Allowed)
            {
                allowed.Add(address);
            }
            else
            {
                LogRefused(logger, scope, host, address, port, verdict.Reason);
            }
        }

        return allowed.Count > 0 ? allowed : throw new EgressRefusedException(host, port);
    }

    /// <summary>A socket connected to the first allowed address of <paramref name="host"/> that answers.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, port, cancellationToken).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token).ConfigureAwait(false);
                return socket;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                LogUnreachable(logger, scope, host, address, port, (e as SocketException)?.SocketErrorCode ?? SocketError.TimedOut);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new EgressRefusedException(host, port);
    }

    /// <summary>
    /// An HTTP handler whose every connection goes through this gate; it follows no redirect (a 3xx is an answer,
    /// not a new destination) and uses no proxy (a proxy would connect where the gate never looked).
    /// </summary>
    public SocketsHttpHandler HttpHandler(SslClientAuthenticationOptions? tls = null) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        SslOptions = tls ?? new SslClientAuthenticationOptions(),
        ConnectCallback = async (context, cancellationToken) =>
            new NetworkStream(await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false), ownsSocket: true),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Egress of {Scope} to {Host} ({Address}:{Port}) refused by policy: {Reason}")]
    private static partial void LogRefused(ILogger logger, string scope, string host, IPAddress address, int port, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress of {Scope} to {Host} ({Address}:{Port}) unreachable: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string scope, string host, IPAddress address, int port, SocketError error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress of {Scope} to {Host}: the name did not resolve ({Error})")]
    private static partial void LogUnresolved(ILogger logger, string scope, string host, SocketError error);
}

/// <summary>A destination Kagi would not or could not connect to; the reason went to the operator log only.</summary>
public sealed class EgressRefusedException : TargetUnavailableException
{
    public EgressRefusedException(string host, int port)
        : base(string.Create(CultureInfo.InvariantCulture, $"Could not connect to {host}:{port}."))
    {
        Unreachable = true;
    }

    public EgressRefusedException()
    {
        Unreachable = true;
    }

    public EgressRefusedException(string message) : base(message)
    {
        Unreachable = true;
    }

    public EgressRefusedException(string message, Exception innerException) : base(message, innerException)
    {
        Unreachable = true;
    }
}
