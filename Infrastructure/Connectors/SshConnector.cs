using System.Globalization;
using System.Net.Sockets;
using Kagi.Domain.Vault;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Kagi.Connectors;

/// <summary>
/// Linux accounts over SSH (SSH.NET): verifies by password login, changes passwords with <c>chpasswd</c>,
/// lists <c>/etc/passwd</c>, creates and removes one-time accounts, and reads sshd's log for logins.
/// </summary>
/// <remarks>
/// <para>
/// The admin account logs in with its password and needs exactly these sudo rules, with no password
/// (the connector runs them with <c>sudo -n</c> and these arguments, so the rules can pin them):
/// <code>
/// kagi ALL=(root) NOPASSWD: /usr/sbin/chpasswd "", \
///     /usr/sbin/useradd --create-home --shell /bin/bash -- PREFIX*, \
///     /usr/sbin/userdel --force --remove -- PREFIX*
/// </code>
/// where PREFIX starts the names of one-time accounts (leave out the last two rules without them).
/// <c>chpasswd</c> may set any password, root's included: the admin credential is as powerful as root.
/// Reading login events needs read access to the log (on Debian, membership of group <c>adm</c>).
/// </para>
/// <para>
/// A new password goes to <c>chpasswd</c> on standard input, never on a command line where <c>ps</c> or
/// a shell history would show it. Account names are checked against <see cref="LinuxAccountName"/> before
/// anything runs; passwords may hold anything but line breaks and NUL. Exception messages name host and
/// port and a classified reason, never a secret nor the remote command's own output.
/// </para>
/// </remarks>
public sealed class SshConnector : ITargetConnector, IAccountDiscovery, IOneTimeAccounts, ILoginEventSource, IHostKeyReader
{
    internal const string ChpasswdCommand = "sudo -n /usr/sbin/chpasswd";
    private const string UseraddCommand = "sudo -n /usr/sbin/useradd --create-home --shell /bin/bash -- ";
    private const string UserdelCommand = "sudo -n /usr/sbin/userdel --force --remove -- ";

    // userdel exit codes (shadow-utils).
    private const int UserdelNoSuchUser = 6;
    private const int UserdelCannotRemoveHome = 12;

    // getent exit code for a key that is not in the database.
    private const int GetentNotFound = 2;

    // useradd exit code for a name already in use.
    private const int UseraddNameInUse = 9;

    // Connecting and logging in; a command (chpasswd, useradd…) gets CommandTimeout on top. Generous
    // because a busy sshd (key exchange on a loaded 2-core machine) was seen to need more than 5 s.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);

    private readonly TimeProvider _time;

    public SshConnector(TimeProvider time) => _time = time;

    /// <summary>The most a command's standard output may be (<see cref="TargetOutput"/>); only tests lower it.</summary>
    public int MaximumOutputBytes { get; init; } = TargetOutput.MaximumOutputBytes;

    public SshConnector() : this(TimeProvider.System)
    {
    }

    public string Kind => "ssh";

    public async Task<bool> VerifyLoginAsync(TargetEndpoint endpoint, string username, string password, CancellationToken cancellationToken) =>
        (await VerifyLoginReadingHostKeyAsync(endpoint, username, password, cancellationToken).ConfigureAwait(false)).LoggedIn;

    public async Task<HostKeyLogin> VerifyLoginReadingHostKeyAsync(TargetEndpoint endpoint, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);

        string? presented = null;
        try
        {
            using var session = await ConnectAsync(endpoint, username, password, key => presented = key, cancellationToken).ConfigureAwait(false);
            return new HostKeyLogin(true, presented!);
        }
        catch (SshAuthenticationException)
        {
            // Authentication follows the key exchange, so the key is known by now.
            return new HostKeyLogin(false, presented ?? "");
        }
        catch (Exception e) when (IsTargetFailure(e, cancellationToken))
        {
            throw new TargetUnavailableException($"Could not verify the SSH login of '{username}' at {Describe(endpoint)}: {Classify(e)}.") { Unreachable = IsUnreachable(e) };
        }
    }

    public async Task ChangePasswordAsync(TargetEndpoint endpoint, TargetCredential admin, string username, string newPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        LinuxAccountName.EnsureValid(username, nameof(username));
        EnsureUsablePassword(newPassword, nameof(newPassword));

        await AsAdminAsync(endpoint, admin, $"change the password of '{username}'", async session =>
        {
            var result = await session.ChpasswdAsync(username, newPassword, cancellationToken).ConfigureAwait(false);
            if (result.ExitStatus != 0)
            {
                // chpasswd through PAM only says "Authentication token manipulation error" for a missing account.
                var lookup = await session.RunAsync("getent passwd " + username, cancellationToken).ConfigureAwait(false);
                var reason = lookup.ExitStatus == GetentNotFound ? "the account does not exist" : ClassifyCommandFailure(result, "chpasswd");
                throw new TargetUnavailableException($"chpasswd for '{username}' failed at {Describe(endpoint)}: {reason}.");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DiscoveredAccount>> ListAccountsAsync(TargetEndpoint endpoint, TargetCredential admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);

        IReadOnlyList<DiscoveredAccount> accounts = [];
        await AsAdminAsync(endpoint, admin, "list the accounts", async session =>
        {
            var result = await session.RunAsync("cat /etc/passwd", cancellationToken).ConfigureAwait(false);
            if (result.ExitStatus != 0)
            {
                throw new TargetUnavailableException($"Could not read /etc/passwd at {Describe(endpoint)}: exit status {result.ExitStatus}.");
            }

            accounts = ParsePasswd(result.Output);
        }, cancellationToken).ConfigureAwait(false);
        return accounts;
    }

    public async Task CreateAccountAsync(TargetEndpoint endpoint, TargetCredential admin, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        LinuxAccountName.EnsureValid(username, nameof(username));
        EnsureUsablePassword(password, nameof(password));

        await AsAdminAsync(endpoint, admin, $"create the account '{username}'", async session =>
        {
            var add = await session.RunAsync(UseraddCommand + username, cancellationToken).ConfigureAwait(false);
            if (add.ExitStatus == UseraddNameInUse)
            {
                throw new TargetUnavailableException($"Account '{username}' already exists at {Describe(endpoint)}; it was left untouched.") { AccountExists = true };
            }

            if (add.ExitStatus != 0)
            {
                throw new TargetUnavailableException(
                    $"useradd '{username}' failed at {Describe(endpoint)}: {ClassifyCommandFailure(add, "useradd")}.");
            }

            var set = await session.ChpasswdAsync(username, password, cancellationToken).ConfigureAwait(false);
            if (set.ExitStatus != 0)
            {
                // Without a password the new account cannot log in; remove it rather than leave it half made.
                _ = await session.RunAsync(UserdelCommand + username, CancellationToken.None).ConfigureAwait(false);
                throw new TargetUnavailableException(
                    $"Setting the password of new account '{username}' failed at {Describe(endpoint)}: {ClassifyCommandFailure(set, "chpasswd")}.");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AccountRemoval> RemoveAccountAsync(TargetEndpoint endpoint, TargetCredential admin, string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        LinuxAccountName.EnsureValid(username, nameof(username));

        var removal = AccountRemoval.Removed;
        await AsAdminAsync(endpoint, admin, $"remove the account '{username}'", async session =>
        {
            // --force: also while the account is logged in (its processes keep running until they end).
            var result = await session.RunAsync(UserdelCommand + username, cancellationToken).ConfigureAwait(false);
            removal = result.ExitStatus switch
            {
                0 or UserdelCannotRemoveHome => AccountRemoval.Removed,
                UserdelNoSuchUser => AccountRemoval.AlreadyAbsent,
                _ => throw new TargetUnavailableException(
                    $"userdel '{username}' failed at {Describe(endpoint)}: {ClassifyCommandFailure(result, "userdel")}."),
            };
        }, cancellationToken).ConfigureAwait(false);
        return removal;
    }

    public async Task<IReadOnlyList<LoginEvent>> ReadLoginEventsAsync(TargetEndpoint endpoint, TargetCredential admin, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        var path = endpoint.AuthLogPath;
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
        {
            throw new ArgumentException("The target has no usable auth log path (an absolute path is needed).", nameof(endpoint));
        }

        IReadOnlyList<LoginEvent> events = [];
        await AsAdminAsync(endpoint, admin, "read the auth log", async session =>
        {
            // grep on the target: only the lines that can matter travel. Exit 1 = no line matched.
            var result = await session.RunAsync($"grep -a -F -- 'Accepted ' {ShellQuote(path)}", cancellationToken).ConfigureAwait(false);
            if (result.ExitStatus is not (0 or 1))
            {
                throw new TargetUnavailableException(
                    $"Could not read the auth log {path} at {Describe(endpoint)}: {ClassifyCommandFailure(result, "grep")}.");
            }

            events = SshAuthLog.Parse(TargetOutput.Lines(result.Output), since, _time.GetUtcNow());
        }, cancellationToken).ConfigureAwait(false);
        return events;
    }

    internal static IReadOnlyList<DiscoveredAccount> ParsePasswd(string passwd)
    {
        var accounts = new List<DiscoveredAccount>();
        foreach (var line in TargetOutput.Lines(passwd).Select(line => line.Trim()).Where(line => line.Length > 0))
        {
            // name:password:uid:gid:gecos:home:shell; '+'/'-' lines are NIS compat entries, not accounts.
            var fields = line.Split(':');
            if (fields.Length < 7 || fields[0].Length == 0 || fields[0][0] is '+' or '-' or '#')
            {
                continue;
            }

            var shell = fields[6];
            var canLogIn = !(shell.EndsWith("/nologin", StringComparison.Ordinal)
                || shell.EndsWith("/false", StringComparison.Ordinal)
                || shell.EndsWith("/sync", StringComparison.Ordinal));
            accounts.Add(new DiscoveredAccount(fields[0], canLogIn, $"uid {fields[2]}, shell {(shell.Length == 0 ? "/bin/sh" : shell)}"));
        }

        return accounts;
    }

    /// <summary>Single-quotes <paramref name="value"/> for a POSIX shell.</summary>
    internal static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void EnsureUsablePassword(string password, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(password, parameterName);
        if (password.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
        {
            // Never echo the password: a line break would end chpasswd's "user:password" line.
            throw new ArgumentException("A Linux password cannot contain line breaks or NUL.", parameterName);
        }
    }

    private async Task AsAdminAsync(TargetEndpoint endpoint, TargetCredential admin, string what, Func<SshSession, Task> work, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(admin.Username);
        ArgumentException.ThrowIfNullOrEmpty(admin.Password);
        try
        {
            using var session = await ConnectAsync(endpoint, admin.Username, admin.Password, null, cancellationToken).ConfigureAwait(false);
            await work(session).ConfigureAwait(false);
        }
        catch (SshAuthenticationException)
        {
            throw new TargetUnavailableException($"SSH at {Describe(endpoint)} refused the admin credential of '{admin.Username}'.");
        }
        catch (Exception e) when (IsTargetFailure(e, cancellationToken))
        {
            throw new TargetUnavailableException($"Could not {what} at {Describe(endpoint)}: {Classify(e)}.") { Unreachable = IsUnreachable(e) };
        }
    }

    private async Task<SshSession> ConnectAsync(
        TargetEndpoint endpoint, string username, string password, Action<string>? hostKeySeen, CancellationToken cancellationToken)
    {
        // SSH.NET connects to the address the egress gate checked, never to a name it would look up again;
        // the server is recognised by its host key pin, not by its name.
        var addresses = await endpoint.Egress.ResolveAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        var connection = new ConnectionInfo(addresses[0].ToString(), endpoint.Port, username, new PasswordAuthenticationMethod(username, password))
        {
            Timeout = Timeout,
        };
        var client = new SshClient(connection);
        var session = new SshSession(client, endpoint.HostKeySha256, CommandTimeout, MaximumOutputBytes);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var started = _time.GetUtcNow();
            try
            {
                await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                if (session.PresentedHostKey is { } presented)
                {
                    hostKeySeen?.Invoke(presented);
                }
            }

            var finished = _time.GetUtcNow();
            if (endpoint.OwnLogins is { } journal)
            {
                // Noted before the work starts, so the log line of this login is explained by the time anyone reads the log.
                var (address, port) = await session.ClientEndpointAsync(Timeout, cancellationToken).ConfigureAwait(false);
                await journal.RecordAsync(new OwnLogin(username, started, finished, address, port), cancellationToken).ConfigureAwait(false);
            }

            return session;
        }
        catch (Exception) when (session.HostKeyRejected)
        {
            DisposeAside(session);
            throw new HostKeyMismatchException(
                $"SSH at {Describe(endpoint)} presented host key {session.PresentedHostKey}, not the pinned {HostKeyPin.Canonical(endpoint.HostKeySha256) ?? endpoint.HostKeySha256}; nothing was sent.")
            {
                Presented = session.PresentedHostKey!,
            };
        }
        catch
        {
            DisposeAside(session);
            throw;
        }
    }

    // SSH.NET's Dispose of a half-open session blocks until its listener thread ends, which was seen to
    // take tens of seconds after a timed-out handshake; on the thread pool it never holds up the caller's grain.
    private static void DisposeAside(SshSession session) => _ = Task.Run(session.Dispose);

    // Everything but caller cancellation, argument errors and our own exceptions becomes TargetUnavailableException.
    private static bool IsTargetFailure(Exception e, CancellationToken cancellationToken) =>
        !(e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        && e is SshException or SocketException or TimeoutException or IOException or OperationCanceledException or ObjectDisposedException;

    // No SSH session came about (nothing listening, silence, another protocol): one answer for the tenant.
    private static bool IsUnreachable(Exception e) =>
        e is SocketException or TimeoutException or OperationCanceledException or SshConnectionException or SshOperationTimeoutException or IOException;

    private static string Describe(TargetEndpoint endpoint) =>
        string.Create(CultureInfo.InvariantCulture, $"{endpoint.Host}:{endpoint.Port}");

    // A secret-free reason. SSH.NET's and the remote command's own messages are not copied.
    private static string Classify(Exception e) => e switch
    {
        SocketException socket => $"network error ({socket.SocketErrorCode})",
        SshOperationTimeoutException or TimeoutException or OperationCanceledException => "no answer in time",
        SshConnectionException => "the SSH session could not be established",
        _ => $"connection failed ({e.GetType().Name})",
    };

    private static string ClassifyCommandFailure(SshCommandResult result, string program)
    {
        // Matched, never copied: stderr is the target's text.
        if (result.Error.Contains("a password is required", StringComparison.Ordinal)
            || result.Error.Contains("is not allowed to", StringComparison.Ordinal)
            || result.Error.Contains("not in the sudoers", StringComparison.Ordinal))
        {
            return $"the admin may not run {program} through sudo without a password (see SshConnector's sudo rules)";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{program} exited with status {result.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
    }
}
