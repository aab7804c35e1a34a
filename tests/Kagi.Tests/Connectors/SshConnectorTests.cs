using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kagi.Connectors;
using Kagi.Tests.Infrastructure;
using Renci.SshNet;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.Connectors;

/// <summary>
/// Runs the connector against the private sshd started by ./test.sh, with an admin whose sudo rules allow
/// exactly the connector's chpasswd/useradd/userdel commands. Every test makes its own OS users (named with the
/// run's prefix) and removes them. Whether a password works is checked with the test's own SSH login.
/// </summary>
[CollectionCost(118)]
public sealed class SshConnectorTests(ITestOutputHelper output) : IDisposable
{
    private readonly LinuxUsers _users = new();
    private readonly SshConnector _connector = new();

    private static TargetEndpoint Endpoint => new(TestEnvironment.SshHost, TestEnvironment.SshPort, null)
    {
        Egress = TestEgress.Loopback,
        AuthLogPath = TestEnvironment.SshAuthLog,
        HostKeySha256 = TestEnvironment.SshHostKeySha256,
    };

    private static TargetCredential Admin => new(TestEnvironment.SshAdmin, TestEnvironment.SshAdminPassword);

    public void Dispose() => _users.Dispose();

    [Fact]
    public void Kind_is_ssh() => Assert.Equal("ssh", _connector.Kind);

    [Fact]
    public async Task Verify_accepts_the_right_password_and_refuses_a_wrong_one()
    {
        var (user, password) = _users.Create();

        await ConnectorContract.VerifyAcceptsTheRightPasswordAndRefusesAWrongOneAsync(_connector, Endpoint, user, password, output);
    }

    [Fact]
    public async Task Verify_refuses_an_unknown_account()
    {
        Assert.False(await _connector.VerifyLoginAsync(Endpoint, LinuxUsers.NewName(), LinuxUsers.NewPassword(), CancellationToken.None));
    }

    [Fact]
    public async Task Change_password_makes_the_new_password_work_and_the_old_one_fail()
    {
        var (user, oldPassword) = _users.Create();
        var newPassword = LinuxUsers.NewPassword();

        var stopwatch = Stopwatch.StartNew();
        await _connector.ChangePasswordAsync(Endpoint, Admin, user, newPassword, CancellationToken.None);
        output.WriteLine($"ChangePasswordAsync took {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(await LinuxUsers.CanLogInAsync(user, newPassword));
        Assert.False(await LinuxUsers.CanLogInAsync(user, oldPassword));
        Assert.True(await _connector.VerifyLoginAsync(Endpoint, user, newPassword, CancellationToken.None));
        Assert.False(await _connector.VerifyLoginAsync(Endpoint, user, oldPassword, CancellationToken.None));
    }

    [Fact]
    public async Task Change_password_passes_the_password_on_stdin_never_on_a_command_line()
    {
        // sudo logs every command line the admin runs; the rule itself only allows chpasswd without arguments.
        var (user, _) = _users.Create();
        var newPassword = LinuxUsers.NewPassword();

        await _connector.ChangePasswordAsync(Endpoint, Admin, user, newPassword, CancellationToken.None);

        var sudoLog = await File.ReadAllTextAsync(TestEnvironment.SshSudoLog);
        Assert.Contains("COMMAND=/usr/sbin/chpasswd", sudoLog, StringComparison.Ordinal);
        Assert.DoesNotContain(newPassword, sudoLog, StringComparison.Ordinal);
        Assert.True(await LinuxUsers.CanLogInAsync(user, newPassword));
    }

    [Fact]
    public async Task Passwords_with_shell_and_chpasswd_metacharacters_are_set_verbatim()
    {
        var (user, _) = _users.Create();
        var newPassword = "a:b'c\"d$(id)`e`;f|g&h*i\\j #k" + LinuxUsers.NewPassword();

        await _connector.ChangePasswordAsync(Endpoint, Admin, user, newPassword, CancellationToken.None);

        Assert.True(await LinuxUsers.CanLogInAsync(user, newPassword));
    }

    [Theory]
    [InlineData("Root")]
    [InlineData("a:b")]
    [InlineData("x y")]
    [InlineData("ok\nroot")]
    [InlineData("-rf")]
    [InlineData("a2345678901234567890123456789012x")]
    public async Task Names_that_are_not_Linux_account_names_are_refused_before_anything_runs(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _connector.ChangePasswordAsync(Endpoint, Admin, name, LinuxUsers.NewPassword(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _connector.CreateAccountAsync(Endpoint, Admin, name, LinuxUsers.NewPassword(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _connector.RemoveAccountAsync(Endpoint, Admin, name, CancellationToken.None));
    }

    [Fact]
    public async Task A_password_with_a_line_break_is_refused_and_nothing_changes()
    {
        var (user, password) = _users.Create();
        var (other, otherPassword) = _users.Create();
        var smuggling = $"x\n{other}:{LinuxUsers.NewPassword()}";

        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            _connector.ChangePasswordAsync(Endpoint, Admin, user, smuggling, CancellationToken.None));

        Assert.DoesNotContain(smuggling, e.ToString(), StringComparison.Ordinal);
        Assert.True(await LinuxUsers.CanLogInAsync(user, password));
        Assert.True(await LinuxUsers.CanLogInAsync(other, otherPassword));
    }

    [Fact]
    public async Task Wrong_admin_credential_throws_TargetUnavailable_and_changes_nothing()
    {
        var (user, password) = _users.Create();
        var wrongAdminPassword = LinuxUsers.NewPassword();
        var newPassword = LinuxUsers.NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() => _connector.ChangePasswordAsync(
            Endpoint, new TargetCredential(TestEnvironment.SshAdmin, wrongAdminPassword), user, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("refused the admin credential", e.Message, StringComparison.Ordinal);
        Assert.Contains(PortText, e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, wrongAdminPassword, newPassword, TestEnvironment.SshAdminPassword);
        Assert.True(await LinuxUsers.CanLogInAsync(user, password));
    }

    [Fact]
    public async Task Admin_without_sudo_rights_throws_TargetUnavailable_and_changes_nothing()
    {
        var (user, password) = _users.Create();
        var (notAdmin, notAdminPassword) = _users.Create();
        var newPassword = LinuxUsers.NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() => _connector.ChangePasswordAsync(
            Endpoint, new TargetCredential(notAdmin, notAdminPassword), user, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("sudo", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, notAdminPassword, newPassword);
        Assert.True(await LinuxUsers.CanLogInAsync(user, password));
    }

    [Fact]
    public async Task Change_password_of_a_missing_account_throws_TargetUnavailable()
    {
        var newPassword = LinuxUsers.NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ChangePasswordAsync(Endpoint, Admin, LinuxUsers.NewName(), newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, newPassword, TestEnvironment.SshAdminPassword);
    }

    [Fact]
    public async Task Unreachable_target_throws_TargetUnavailable_without_the_password_in_the_message()
    {
        var port = LoopbackPorts.Unused();
        var endpoint = new TargetEndpoint("127.0.0.1", port, null) { Egress = TestEgress.Loopback };
        var password = LinuxUsers.NewPassword();

        var verify = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.VerifyLoginAsync(endpoint, "someone", password, CancellationToken.None));
        var change = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ChangePasswordAsync(endpoint, new TargetCredential("admin", TestEnvironment.SshAdminPassword), "someone", password, CancellationToken.None));
        output.WriteLine(verify.Message);

        foreach (var e in new[] { verify, change })
        {
            Assert.Contains($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", e.Message, StringComparison.Ordinal);
            AssertNoSecret(e, password, TestEnvironment.SshAdminPassword);
        }
    }

    [Fact]
    public async Task Silent_target_throws_TargetUnavailable_after_the_connect_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = new TargetEndpoint("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, null) { Egress = TestEgress.Loopback };

        var stopwatch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.VerifyLoginAsync(endpoint, "someone", LinuxUsers.NewPassword(), CancellationToken.None));
        output.WriteLine($"VerifyLoginAsync (silent server) took {stopwatch.ElapsedMilliseconds} ms: {e.Message}");

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_host_key_other_than_the_registered_one_is_refused_before_any_password_is_sent()
    {
        var (user, password) = _users.Create();
        var impostor = Endpoint with { HostKeySha256 = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=') };

        var e = await Assert.ThrowsAsync<HostKeyMismatchException>(() =>
            _connector.VerifyLoginAsync(impostor, user, password, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("host key", e.Message, StringComparison.Ordinal);
        Assert.Equal("SHA256:" + TestEnvironment.SshHostKeySha256, e.Presented);
        Assert.Contains(e.Presented, e.Message, StringComparison.Ordinal);
        Assert.Contains(impostor.HostKeySha256!, e.Message, StringComparison.Ordinal);
        // The registered key (with the "SHA256:" prefix ssh-keygen prints) is accepted.
        Assert.True(await _connector.VerifyLoginAsync(
            Endpoint with { HostKeySha256 = "SHA256:" + TestEnvironment.SshHostKeySha256 }, user, password, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_pin_a_login_reports_the_host_key_the_server_presented_whether_or_not_it_logs_in()
    {
        var (user, password) = _users.Create();
        var unpinned = Endpoint with { HostKeySha256 = null };

        var accepted = await _connector.VerifyLoginReadingHostKeyAsync(unpinned, user, password, CancellationToken.None);
        var refused = await _connector.VerifyLoginReadingHostKeyAsync(unpinned, user, password + "x", CancellationToken.None);

        Assert.Equal(new HostKeyLogin(true, "SHA256:" + TestEnvironment.SshHostKeySha256), accepted);
        Assert.Equal(new HostKeyLogin(false, "SHA256:" + TestEnvironment.SshHostKeySha256), refused);
    }

    [Fact]
    public async Task Discovery_finds_an_account_created_directly_on_the_target()
    {
        var (user, _) = _users.Create();
        var (noLogin, _) = _users.Create(shell: "/usr/sbin/nologin");

        var stopwatch = Stopwatch.StartNew();
        var accounts = await _connector.ListAccountsAsync(Endpoint, Admin, CancellationToken.None);
        output.WriteLine($"ListAccountsAsync took {stopwatch.ElapsedMilliseconds} ms for {accounts.Count} accounts");

        var found = Assert.Single(accounts, a => a.Username == user);
        Assert.True(found.CanLogIn);
        Assert.Contains("/bin/bash", found.Detail, StringComparison.Ordinal);
        Assert.False(Assert.Single(accounts, a => a.Username == noLogin).CanLogIn);
        Assert.Contains(accounts, a => a.Username == "root");
    }

    [Fact]
    public async Task Output_beyond_the_bound_is_not_read_and_fails_the_call()
    {
        // /etc/passwd is far longer than 64 bytes: the connector stops reading there instead of taking it all in.
        var bounded = new SshConnector { MaximumOutputBytes = 64 };

        var refused = await Assert.ThrowsAsync<TargetUnavailableException>(() => bounded.ListAccountsAsync(Endpoint, Admin, CancellationToken.None));
        output.WriteLine(refused.Message);

        Assert.Contains("exceeded the 64 bytes", refused.Message, StringComparison.Ordinal);
        Assert.NotEmpty(await _connector.ListAccountsAsync(Endpoint, Admin, CancellationToken.None));
    }

    [Fact]
    public async Task One_time_account_logs_in_after_creation_and_is_gone_after_removal()
    {
        var name = LinuxUsers.NewName();
        _users.Track(name);
        var password = LinuxUsers.NewPassword();

        var stopwatch = Stopwatch.StartNew();
        await _connector.CreateAccountAsync(Endpoint, Admin, name, password, CancellationToken.None);
        output.WriteLine($"CreateAccountAsync took {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(await LinuxUsers.CanLogInAsync(name, password));

        stopwatch.Restart();
        var removal = await _connector.RemoveAccountAsync(Endpoint, Admin, name, CancellationToken.None);
        output.WriteLine($"RemoveAccountAsync took {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(AccountRemoval.Removed, removal);
        Assert.False(LinuxUsers.Exists(name));
        Assert.False(await LinuxUsers.CanLogInAsync(name, password));
        Assert.Equal(AccountRemoval.AlreadyAbsent, await _connector.RemoveAccountAsync(Endpoint, Admin, name, CancellationToken.None));
    }

    [Fact]
    public async Task A_one_time_account_is_removed_even_while_it_is_logged_in()
    {
        var name = LinuxUsers.NewName();
        _users.Track(name);
        var password = LinuxUsers.NewPassword();
        await _connector.CreateAccountAsync(Endpoint, Admin, name, password, CancellationToken.None);
        using var session = new SshClient(new ConnectionInfo(TestEnvironment.SshHost, TestEnvironment.SshPort, name, new PasswordAuthenticationMethod(name, password)));
        await session.ConnectAsync(CancellationToken.None);
        using (var shell = session.CreateCommand("sleep 30"))
        {
            _ = shell.ExecuteAsync(CancellationToken.None);

            Assert.Equal(AccountRemoval.Removed, await _connector.RemoveAccountAsync(Endpoint, Admin, name, CancellationToken.None));
        }

        Assert.False(LinuxUsers.Exists(name));
        Assert.False(await LinuxUsers.CanLogInAsync(name, password));
    }

    [Fact]
    public async Task Creating_an_account_that_already_exists_throws_and_leaves_it_untouched()
    {
        var (user, password) = _users.Create();
        var newPassword = LinuxUsers.NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.CreateAccountAsync(Endpoint, Admin, user, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.True(await LinuxUsers.CanLogInAsync(user, password));
        Assert.False(await LinuxUsers.CanLogInAsync(user, newPassword));
    }

    [Fact]
    public async Task Login_events_report_a_password_login_with_its_time_user_and_source_address()
    {
        var (user, password) = _users.Create();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.True(await LinuxUsers.CanLogInAsync(user, password));
        Assert.False(await LinuxUsers.CanLogInAsync(user, password + "x"));

        var events = await Eventually.Async(
            () => _connector.ReadLoginEventsAsync(Endpoint, Admin, before, CancellationToken.None),
            found => found.Any(e => e.Username == user),
            TimeSpan.FromSeconds(10));

        var login = Assert.Single(events, e => e.Username == user);
        Assert.Equal("127.0.0.1", login.SourceAddress);
        Assert.InRange(login.Time, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.True(events.All(e => e.Time >= before));
        var later = await _connector.ReadLoginEventsAsync(Endpoint, Admin, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        Assert.DoesNotContain(later, e => e.Username == user);
    }

    [Fact]
    public async Task Kagis_own_logins_are_noted_with_the_client_port_sshd_logs_and_a_nologin_account_without_one()
    {
        var (user, password) = _users.Create();
        var (locked, lockedPassword) = _users.Create(shell: "/usr/sbin/nologin");
        var journal = new RecordingJournal();
        var endpoint = Endpoint with { OwnLogins = journal };
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Assert.True(await _connector.VerifyLoginAsync(endpoint, user, password, CancellationToken.None));
        Assert.True(await _connector.VerifyLoginAsync(endpoint, locked, lockedPassword, CancellationToken.None));
        Assert.False(await _connector.VerifyLoginAsync(endpoint, user, password + "x", CancellationToken.None));

        var mine = Assert.Single(journal.Logins, l => l.Username == user);
        var nologin = Assert.Single(journal.Logins, l => l.Username == locked);
        Assert.Equal(2, journal.Logins.Count); // a refused password is no login
        Assert.Equal("127.0.0.1", mine.ClientAddress);
        Assert.NotNull(mine.ClientPort);
        Assert.True(mine.Started <= mine.Finished);
        Assert.Equal((null, null), (nologin.ClientAddress, nologin.ClientPort));
        var events = await Eventually.Async(
            () => _connector.ReadLoginEventsAsync(Endpoint, Admin, before, CancellationToken.None),
            found => found.Any(e => e.Username == user),
            TimeSpan.FromSeconds(10));
        var logged = Assert.Single(events, e => e.Username == user);
        Assert.Equal(mine.ClientPort, logged.SourcePort);
    }

    /// <summary>Keeps what the connector notes, as the table journal would.</summary>
    private sealed class RecordingJournal : IOwnLoginJournal
    {
        public List<OwnLogin> Logins { get; } = [];

        public Task RecordAsync(OwnLogin login, CancellationToken cancellationToken)
        {
            lock (Logins)
            {
                Logins.Add(login);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<OwnLogin>> ReadAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
        {
            lock (Logins)
            {
                return Task.FromResult<IReadOnlyList<OwnLogin>>([.. Logins.Where(l => l.Started >= from && l.Started < until)]);
            }
        }
    }

    [Fact]
    public async Task Cancelled_call_throws_OperationCanceled_not_TargetUnavailable()
    {
        var (user, password) = _users.Create();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _connector.VerifyLoginAsync(Endpoint, user, password, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _connector.ChangePasswordAsync(Endpoint, Admin, user, LinuxUsers.NewPassword(), cancelled.Token));

        Assert.True(await LinuxUsers.CanLogInAsync(user, password));
    }

    private static string PortText => $":{TestEnvironment.SshPort.ToString(CultureInfo.InvariantCulture)}";

    private static void AssertNoSecret(Exception e, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
        }
    }
}
