using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using Kagi.Vault;

namespace Kagi.Connectors;

/// <summary>
/// LDAP directories (System.DirectoryServices.Protocols over OpenLDAP's libldap): verifies by simple bind,
/// changes passwords with the password-modify extended operation (RFC 3062), lists users under the base DN,
/// and creates and removes one-time accounts.
/// </summary>
/// <remarks>
/// <para>
/// The admin credential is a bind DN and its password; it needs write access to <c>userPassword</c> of the
/// managed entries (and add/delete under the base DN for one-time accounts). The base DN is
/// <see cref="TargetEndpoint.BaseDn"/>, else <see cref="TargetEndpoint.Database"/>. A username is either a DN
/// or the <c>uid</c> of an entry right under the base DN (<see cref="LdapNames.UserDn"/>).
/// </para>
/// <para>
/// The password-modify operation lets the server hash the new password with its own scheme (slapd's
/// <c>password-hash</c>); a plain modify of <c>userPassword</c> would store whatever it is given, in clear.
/// An empty password is refused up front: LDAP treats a simple bind with an empty password as an anonymous
/// ("unauthenticated") bind, which succeeds, so it would "verify" any account.
/// </para>
/// <para>
/// With <see cref="TargetTls.Ldaps"/> the connection is TLS from the first byte, with <see cref="TargetTls.StartTls"/>
/// it is upgraded before any credential is sent (certificate checked by libldap either way, and it must name the host:
/// against the target's own <see cref="TargetEndpoint.CaCertificate"/>, see <see cref="LdapTrustAnchors"/>, and
/// libldap's trusted CAs, <c>TLS_CACERT</c> in ldap.conf). Without TLS, the admin's and the new password
/// cross the network in clear: only acceptable on loopback.
/// </para>
/// <para>
/// The library calls block, so they run on the thread pool, each bounded by a short timeout (see
/// <see cref="LibLdapTimeouts"/>: on Linux the managed timeout does not reach a bind). Exception
/// messages name host and port and the LDAP result code, never a secret nor the server's own text.
/// </para>
/// </remarks>
public sealed class LdapConnector : ITargetConnector, IAccountDiscovery, IOneTimeAccounts
{
    // Result codes as System.DirectoryServices.Protocols reports them (Windows numbering on every OS).
    private const int InvalidCredentials = 49;
    private const int ServerDown = 81;
    private const int ConnectError = 91;
    private const int TimeLimitExceeded = 85;
    private const int PageSize = 500;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // A call makes up to three round trips (bind, then one or two requests), each bounded by Timeout.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public string Kind => "ldap";

    public Task<bool> VerifyLoginAsync(TargetEndpoint endpoint, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var dn = LdapNames.UserDn(username, BaseDn(endpoint));

        return RunAsync(endpoint, $"verify the login of '{username}'", reach =>
        {
            using var connection = Open(reach);
            try
            {
                connection.Bind(new NetworkCredential(dn, password));
                return true;
            }
            catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
            {
                return false;
            }
        }, cancellationToken);
    }

    public Task ChangePasswordAsync(TargetEndpoint endpoint, TargetCredential admin, string username, string newPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        var dn = LdapNames.UserDn(username, BaseDn(endpoint));

        return RunAsync(endpoint, $"change the password of '{username}'", reach =>
        {
            using var connection = OpenAsAdmin(reach, admin);
            LdapPasswordModify.Send(connection, dn, newPassword, Timeout);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<DiscoveredAccount>> ListAccountsAsync(TargetEndpoint endpoint, TargetCredential admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        var baseDn = BaseDn(endpoint) ?? throw new ArgumentException("The LDAP target has no base DN to search.", nameof(endpoint));

        return RunAsync<IReadOnlyList<DiscoveredAccount>>(endpoint, "list the accounts", reach =>
        {
            using var connection = OpenAsAdmin(reach, admin);
            var accounts = new List<DiscoveredAccount>();
            var paging = new PageResultRequestControl(PageSize);
            var request = new SearchRequest(baseDn, "(uid=*)", SearchScope.Subtree, "uid");
            request.Controls.Add(paging);
            while (true)
            {
                var response = (SearchResponse)connection.SendRequest(request, Timeout);
                foreach (SearchResultEntry entry in response.Entries)
                {
                    var uid = entry.Attributes["uid"]?.GetValues(typeof(string)).OfType<string>().FirstOrDefault();
                    if (uid is null)
                    {
                        continue;
                    }

                    // The short name when it leads back to the same entry; the full DN otherwise.
                    var username = !LdapNames.IsDn(uid)
                        && string.Equals(LdapNames.UserDn(uid, baseDn), entry.DistinguishedName, StringComparison.OrdinalIgnoreCase)
                            ? uid
                            : entry.DistinguishedName;
                    accounts.Add(new DiscoveredAccount(username, CanLogIn: true, entry.DistinguishedName));
                }

                var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
                if (cookie is not { Length: > 0 })
                {
                    return accounts;
                }

                paging.Cookie = cookie;
            }
        }, cancellationToken);
    }

    public Task CreateAccountAsync(TargetEndpoint endpoint, TargetCredential admin, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (LdapNames.IsDn(username))
        {
            throw new ArgumentException("A one-time LDAP account is named by its uid, not a DN.", nameof(username));
        }

        var dn = LdapNames.UserDn(username, BaseDn(endpoint));
        return RunAsync(endpoint, $"create the account '{username}'", reach =>
        {
            using var connection = OpenAsAdmin(reach, admin);
            try
            {
                _ = connection.SendRequest(new AddRequest(dn,
                    new DirectoryAttribute("objectClass", "inetOrgPerson"),
                    new DirectoryAttribute("uid", username),
                    new DirectoryAttribute("cn", username),
                    new DirectoryAttribute("sn", username)), Timeout);
            }
            catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.EntryAlreadyExists)
            {
                throw new TargetUnavailableException($"Account '{username}' already exists at {Describe(endpoint)}; it was left untouched.") { AccountExists = true };
            }

            try
            {
                LdapPasswordModify.Send(connection, dn, password, Timeout);
            }
            catch
            {
                // Without its password the entry is useless; do not leave it half made.
                TryDelete(connection, dn);
                throw;
            }

            return true;
        }, cancellationToken);
    }

    public Task<AccountRemoval> RemoveAccountAsync(TargetEndpoint endpoint, TargetCredential admin, string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        var dn = LdapNames.UserDn(username, BaseDn(endpoint));

        return RunAsync(endpoint, $"remove the account '{username}'", reach =>
        {
            using var connection = OpenAsAdmin(reach, admin);
            try
            {
                _ = connection.SendRequest(new DeleteRequest(dn), Timeout);
                return AccountRemoval.Removed;
            }
            catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
            {
                return AccountRemoval.AlreadyAbsent;
            }
        }, cancellationToken);
    }

    private static string? BaseDn(TargetEndpoint endpoint) =>
        !string.IsNullOrWhiteSpace(endpoint.BaseDn) ? endpoint.BaseDn : endpoint.Database;

    private static void TryDelete(LdapConnection connection, string dn)
    {
        try
        {
            _ = connection.SendRequest(new DeleteRequest(dn), Timeout);
        }
        catch (DirectoryException)
        {
            // The original failure is the one worth reporting.
        }
    }

    private static LdapConnection Open(TargetEndpoint endpoint)
    {
        LibLdapTimeouts.EnsureApplied(Timeout);
        var ownCa = endpoint.Tls != TargetTls.None && !string.IsNullOrWhiteSpace(endpoint.CaCertificate);
        if (ownCa && OperatingSystem.IsWindows())
        {
            throw new TargetUnavailableException($"A target's own caCertificate needs libldap (Linux); {Describe(endpoint)} was not contacted.");
        }

        var trustDirectory = ownCa ? LdapTrustAnchors.DirectoryFor(endpoint.CaCertificate!) : null;

        var connection = new LdapConnection(new LdapDirectoryIdentifier(endpoint.Host, endpoint.Port), null, AuthType.Basic)
        {
            Timeout = Timeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        if (trustDirectory is not null && !OperatingSystem.IsWindows())
        {
            // The target's own CA, for this connection only: a TLS context of its own, made before anything connects.
            connection.SessionOptions.TrustedCertificatesDirectory = trustDirectory;
            connection.SessionOptions.StartNewTlsSessionContext();
        }

        if (endpoint.Tls == TargetTls.Ldaps)
        {
            connection.SessionOptions.SecureSocketLayer = true;
        }
        else if (endpoint.Tls == TargetTls.StartTls)
        {
            try
            {
                // On Linux the library learns where to connect only at the first bind: an anonymous one (no
                // secret) opens the connection, StartTLS protects it, and only then may a credential go out.
                connection.Bind();
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            try
            {
                connection.SessionOptions.StartTransportLayerSecurity(null);
            }
            catch (DirectoryException)
            {
                // A failed StartTLS ends the call here: nothing after it is ever sent in clear.
                connection.Dispose();
                throw new TargetUnavailableException(
                    $"StartTLS with {Describe(endpoint)} failed: TLS was refused, or the server certificate does not chain to the target's caCertificate (or libldap's TLS_CACERT) or does not name the host.");
            }
        }

        return connection;
    }

    private static LdapConnection OpenAsAdmin(TargetEndpoint endpoint, TargetCredential admin)
    {
        ArgumentException.ThrowIfNullOrEmpty(admin.Username);
        ArgumentException.ThrowIfNullOrEmpty(admin.Password);
        var connection = Open(endpoint);
        try
        {
            connection.Bind(new NetworkCredential(admin.Username, admin.Password));
            return connection;
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            connection.Dispose();
            throw new TargetUnavailableException($"LDAP at {Describe(endpoint)} refused the admin credential of '{admin.Username}'.");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // The blocking library call runs off the caller's (grain's) thread; failures become secret-free exceptions.
    private static async Task<T> RunAsync<T>(TargetEndpoint endpoint, string what, Func<TargetEndpoint, T> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reach = await ReachAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var work = Task.Run(() => WithOneRetry(() => call(reach)), cancellationToken);
        try
        {
            // libldap's own timeouts (LibLdapTimeouts) end a hung call; this deadline is the backstop should
            // they not apply. The abandoned call then finishes (and disposes its connection) on its own.
            return await work.WaitAsync(Deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _ = work.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            throw new TargetUnavailableException($"Could not {what} at {Describe(endpoint)}: no answer in time.") { Unreachable = true };
        }
        catch (DirectoryOperationException e)
        {
            var code = e.Response?.ResultCode;
            var reason = code switch
            {
                ResultCode.NoSuchObject => "the entry does not exist",
                ResultCode.InsufficientAccessRights => "the admin may not do this",
                null => "the server refused the operation",
                _ => string.Create(CultureInfo.InvariantCulture, $"the server answered {code} ({(int)code})"),
            };
            throw new TargetUnavailableException($"Could not {what} at {Describe(endpoint)}: {reason}.");
        }
        catch (LdapException e)
        {
            var reason = Classify(e.ErrorCode);
            if (endpoint.Tls != TargetTls.None && e.ErrorCode is ConnectError or ServerDown)
            {
                reason += " (or TLS failed: does the server certificate chain to the target's caCertificate, or libldap's TLS_CACERT, and name the host?)";
            }

            throw new TargetUnavailableException($"Could not {what} at {Describe(endpoint)}: {reason}.")
            {
                Unreachable = e.ErrorCode is ServerDown or ConnectError or TimeLimitExceeded,
            };
        }
        catch (DirectoryException)
        {
            throw new TargetUnavailableException($"Could not {what} at {Describe(endpoint)}: LDAP protocol error.") { Unreachable = true };
        }
    }

    /// <summary>
    /// The endpoint libldap is given: the address the egress gate checked, so libldap looks nothing up again. Only
    /// TLS (ldaps or StartTLS) to a host name keeps the name, which libldap must check the server certificate against and resolves
    /// itself: the gate checked that name just before, and should it be rebound to an address the gate refuses, the
    /// server there would also have to present a trusted certificate for the tenant's name, which Kagi's own
    /// services never have.
    /// </summary>
    private static async Task<TargetEndpoint> ReachAsync(TargetEndpoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await endpoint.Egress.ResolveAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        var isName = !IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out _);
        return endpoint.Tls is (TargetTls.Ldaps or TargetTls.StartTls) && isName ? endpoint : endpoint with { Host = addresses[0].ToString() };
    }

    // libldap occasionally reports the server down on a first connect under load; one prompt retry
    // tells a blip from an outage. Repeating a connect, bind or password modify is harmless.
    private static T WithOneRetry<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (LdapException e) when (e.ErrorCode is ServerDown or ConnectError)
        {
            Thread.Sleep(250);
            return call();
        }
    }

    private static string Classify(int errorCode) => errorCode switch
    {
        ServerDown => "the server is unavailable",
        TimeLimitExceeded => "no answer in time",
        ConnectError => "could not connect",
        _ => string.Create(CultureInfo.InvariantCulture, $"LDAP error {errorCode}"),
    };

    private static string Describe(TargetEndpoint endpoint) =>
        string.Create(CultureInfo.InvariantCulture, $"{endpoint.Host}:{endpoint.Port}");
}
