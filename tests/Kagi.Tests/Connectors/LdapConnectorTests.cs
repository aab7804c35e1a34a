using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kagi.Connectors;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.Connectors;

/// <summary>
/// Runs the connector against the private slapd started by ./test.sh (own config and mdb database,
/// <c>password-hash {SSHA}</c>). Every test makes its own entries and deletes them. Whether a password works is
/// checked with the test's own bind.
/// </summary>
public sealed class LdapConnectorTests(ITestOutputHelper output) : IDisposable
{
    private readonly LdapDirectory _directory = new();
    private readonly LdapConnector _connector = new();

    private static TargetEndpoint Endpoint => new(LdapDirectory.Host, LdapDirectory.Port, null) { Egress = TestEgress.Loopback, BaseDn = TestEnvironment.LdapBaseDn };

    private static TargetCredential Admin => new(TestEnvironment.LdapBindDn, TestEnvironment.LdapPassword);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Kind_is_ldap() => Assert.Equal("ldap", _connector.Kind);

    [Fact]
    public async Task Verify_accepts_the_right_password_and_refuses_a_wrong_one()
    {
        var uid = LdapDirectory.NewUid();
        var (_, password) = _directory.Create(uid);

        await ConnectorContract.VerifyAcceptsTheRightPasswordAndRefusesAWrongOneAsync(_connector, Endpoint, uid, password, output);
    }

    [Fact]
    public async Task Verify_refuses_an_unknown_user()
    {
        Assert.False(await _connector.VerifyLoginAsync(Endpoint, LdapDirectory.NewUid(), LdapDirectory.NewPassword(), CancellationToken.None));
    }

    [Fact]
    public async Task Verify_never_takes_an_empty_password_which_LDAP_would_treat_as_an_anonymous_bind()
    {
        var uid = LdapDirectory.NewUid();
        _directory.Create(uid);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => _connector.VerifyLoginAsync(Endpoint, uid, "", CancellationToken.None));
    }

    [Fact]
    public async Task A_username_is_a_uid_under_the_base_dn_or_a_full_dn()
    {
        var uid = LdapDirectory.NewUid();
        var (dn, password) = _directory.Create(uid);

        Assert.True(await _connector.VerifyLoginAsync(Endpoint, dn, password, CancellationToken.None));
        // The Database field carries the base DN when BaseDn is not set.
        var viaDatabase = new TargetEndpoint(LdapDirectory.Host, LdapDirectory.Port, TestEnvironment.LdapBaseDn) { Egress = TestEgress.Loopback };
        Assert.True(await _connector.VerifyLoginAsync(viaDatabase, uid, password, CancellationToken.None));
    }

    [Fact]
    public async Task Change_password_makes_the_new_password_work_and_the_old_one_fail()
    {
        var uid = LdapDirectory.NewUid();
        var (dn, oldPassword) = _directory.Create(uid);
        var newPassword = LdapDirectory.NewPassword();

        var stopwatch = Stopwatch.StartNew();
        await _connector.ChangePasswordAsync(Endpoint, Admin, uid, newPassword, CancellationToken.None);
        output.WriteLine($"ChangePasswordAsync took {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(LdapDirectory.CanBind(dn, newPassword));
        Assert.False(LdapDirectory.CanBind(dn, oldPassword));
        Assert.True(await _connector.VerifyLoginAsync(Endpoint, uid, newPassword, CancellationToken.None));
        Assert.False(await _connector.VerifyLoginAsync(Endpoint, uid, oldPassword, CancellationToken.None));
    }

    [Fact]
    public async Task Change_password_lets_the_server_hash_it_instead_of_storing_the_plaintext()
    {
        var uid = LdapDirectory.NewUid();
        var (dn, _) = _directory.Create(uid);
        var newPassword = LdapDirectory.NewPassword();

        await _connector.ChangePasswordAsync(Endpoint, Admin, uid, newPassword, CancellationToken.None);

        Assert.True(LdapDirectory.StoredPassword(dn, out var stored));
        Assert.StartsWith("{SSHA}", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(newPassword, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uids_with_DN_special_characters_are_escaped_and_address_only_their_own_entry()
    {
        // "smith" is the decoy a badly escaped "smith, j+r" could end up addressing.
        var decoyUid = LdapDirectory.NewUid();
        var (decoyDn, decoyPassword) = _directory.Create(decoyUid);
        var oddUid = decoyUid + ", j+r";
        var (oddDn, _) = _directory.Create(oddUid, $"uid={decoyUid}\\, j\\+r,{TestEnvironment.LdapBaseDn}");
        var newPassword = LdapDirectory.NewPassword();

        await _connector.ChangePasswordAsync(Endpoint, Admin, oddUid, newPassword, CancellationToken.None);

        Assert.True(LdapDirectory.CanBind(oddDn, newPassword));
        Assert.True(LdapDirectory.CanBind(decoyDn, decoyPassword));
        Assert.True(await _connector.VerifyLoginAsync(Endpoint, oddUid, newPassword, CancellationToken.None));
    }

    [Fact]
    public async Task Wrong_admin_credential_throws_TargetUnavailable_and_changes_nothing()
    {
        var uid = LdapDirectory.NewUid();
        var (dn, password) = _directory.Create(uid);
        var wrongAdminPassword = LdapDirectory.NewPassword();
        var newPassword = LdapDirectory.NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() => _connector.ChangePasswordAsync(
            Endpoint, new TargetCredential(TestEnvironment.LdapBindDn, wrongAdminPassword), uid, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("refused the admin credential", e.Message, StringComparison.Ordinal);
        Assert.Contains($":{LdapDirectory.Port.ToString(CultureInfo.InvariantCulture)}", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, wrongAdminPassword, newPassword, TestEnvironment.LdapPassword);
        Assert.True(LdapDirectory.CanBind(dn, password));
    }

    [Fact]
    public async Task A_user_may_not_change_another_users_password()
    {
        // Admin credential of a plain user: slapd's ACL lets it write only its own userPassword.
        var uid = LdapDirectory.NewUid();
        var (dn, password) = _directory.Create(uid);
        var (otherDn, otherPassword) = _directory.Create(LdapDirectory.NewUid());
        var newPassword = LdapDirectory.NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() => _connector.ChangePasswordAsync(
            Endpoint, new TargetCredential(otherDn, otherPassword), uid, newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        AssertNoSecret(e, otherPassword, newPassword);
        Assert.True(LdapDirectory.CanBind(dn, password));
    }

    [Fact]
    public async Task Change_password_of_a_missing_user_throws_TargetUnavailable()
    {
        var newPassword = LdapDirectory.NewPassword();

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ChangePasswordAsync(Endpoint, Admin, LdapDirectory.NewUid(), newPassword, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, newPassword, TestEnvironment.LdapPassword);
    }

    [Fact]
    public async Task Unreachable_target_throws_TargetUnavailable_without_the_password_in_the_message()
    {
        var port = LoopbackPorts.Unused();
        var endpoint = new TargetEndpoint("127.0.0.1", port, TestEnvironment.LdapBaseDn) { Egress = TestEgress.Loopback };
        var password = LdapDirectory.NewPassword();

        var stopwatch = Stopwatch.StartNew();
        var verify = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.VerifyLoginAsync(endpoint, "someone", password, CancellationToken.None));
        output.WriteLine($"VerifyLoginAsync (refused socket) took {stopwatch.ElapsedMilliseconds} ms: {verify.Message}");
        var change = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.ChangePasswordAsync(endpoint, Admin, "someone", password, CancellationToken.None));

        foreach (var e in new[] { verify, change })
        {
            Assert.Contains($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", e.Message, StringComparison.Ordinal);
            AssertNoSecret(e, password, TestEnvironment.LdapPassword);
        }
    }

    [Fact]
    public async Task Silent_target_throws_TargetUnavailable_after_the_short_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = new TargetEndpoint("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, TestEnvironment.LdapBaseDn) { Egress = TestEgress.Loopback };

        var stopwatch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.VerifyLoginAsync(endpoint, "someone", LdapDirectory.NewPassword(), CancellationToken.None));
        output.WriteLine($"VerifyLoginAsync (silent server) took {stopwatch.ElapsedMilliseconds} ms: {e.Message}");

        // Should it give up early, the message says whether the silent server was still there to wait for.
        Assert.True(
            stopwatch.Elapsed >= TimeSpan.FromSeconds(3),
            $"Gave up after {stopwatch.ElapsedMilliseconds} ms ({e.Message}); the silent server {(await AcceptsAsync(silent) ? "still listened" : "no longer listened")}.");
        Assert.True(stopwatch.Elapsed <= TimeSpan.FromSeconds(15), $"Gave up only after {stopwatch.ElapsedMilliseconds} ms.");
    }

    private static async Task<bool> AcceptsAsync(TcpListener listener)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Discovery_finds_a_user_created_directly_in_the_directory()
    {
        var uid = LdapDirectory.NewUid();
        _directory.Create(uid);

        var stopwatch = Stopwatch.StartNew();
        var accounts = await _connector.ListAccountsAsync(Endpoint, Admin, CancellationToken.None);
        output.WriteLine($"ListAccountsAsync took {stopwatch.ElapsedMilliseconds} ms for {accounts.Count} accounts");

        var found = Assert.Single(accounts, a => a.Username == uid);
        Assert.Equal(LdapDirectory.Dn(uid), found.Detail, ignoreCase: true);
    }

    [Fact]
    public async Task One_time_account_binds_after_creation_and_is_gone_after_removal()
    {
        var uid = LdapDirectory.NewUid();
        var dn = LdapDirectory.Dn(uid);
        _directory.Track(dn);
        var password = LdapDirectory.NewPassword();

        await _connector.CreateAccountAsync(Endpoint, Admin, uid, password, CancellationToken.None);
        Assert.True(LdapDirectory.CanBind(dn, password));
        Assert.True(LdapDirectory.StoredPassword(dn, out var stored));
        Assert.StartsWith("{SSHA}", stored, StringComparison.Ordinal);

        Assert.Equal(AccountRemoval.Removed, await _connector.RemoveAccountAsync(Endpoint, Admin, uid, CancellationToken.None));
        Assert.False(LdapDirectory.Exists(dn));
        Assert.False(LdapDirectory.CanBind(dn, password));
        Assert.Equal(AccountRemoval.AlreadyAbsent, await _connector.RemoveAccountAsync(Endpoint, Admin, uid, CancellationToken.None));
    }

    [Fact]
    public async Task Creating_an_account_that_already_exists_throws_and_leaves_it_untouched()
    {
        var uid = LdapDirectory.NewUid();
        var (dn, password) = _directory.Create(uid);

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.CreateAccountAsync(Endpoint, Admin, uid, LdapDirectory.NewPassword(), CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.True(LdapDirectory.CanBind(dn, password));
    }

    [Fact]
    public async Task Cancelled_call_throws_OperationCanceled_not_TargetUnavailable()
    {
        var uid = LdapDirectory.NewUid();
        var (dn, password) = _directory.Create(uid);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connector.VerifyLoginAsync(Endpoint, uid, password, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _connector.ChangePasswordAsync(Endpoint, Admin, uid, LdapDirectory.NewPassword(), cancelled.Token));

        Assert.True(LdapDirectory.CanBind(dn, password));
    }

    [Fact]
    public async Task Ldaps_verifies_and_changes_passwords_of_users_who_may_only_bind_over_TLS()
    {
        // slapd's ACL lets users under the TLS base DN authenticate over TLS only: a plain bind is refused.
        var uid = LdapDirectory.NewUid();
        var dn = $"uid={uid},{TestEnvironment.LdapTlsBaseDn}";
        var (_, oldPassword) = _directory.Create(uid, dn);
        var plain = new TargetEndpoint(LdapDirectory.Host, LdapDirectory.Port, null) { Egress = TestEgress.Loopback, BaseDn = TestEnvironment.LdapTlsBaseDn };
        var ldaps = new TargetEndpoint(LdapDirectory.Host, TestEnvironment.LdapsPort, null) { Egress = TestEgress.Loopback, BaseDn = TestEnvironment.LdapTlsBaseDn, Tls = TargetTls.Ldaps };
        var newPassword = LdapDirectory.NewPassword();

        Assert.False(await _connector.VerifyLoginAsync(plain, uid, oldPassword, CancellationToken.None));
        var stopwatch = Stopwatch.StartNew();
        Assert.True(await _connector.VerifyLoginAsync(ldaps, uid, oldPassword, CancellationToken.None));
        output.WriteLine($"VerifyLoginAsync over ldaps took {stopwatch.ElapsedMilliseconds} ms");
        stopwatch.Restart();
        await _connector.ChangePasswordAsync(ldaps, Admin, uid, newPassword, CancellationToken.None);
        output.WriteLine($"ChangePasswordAsync over ldaps took {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(LdapDirectory.CanBind(dn, newPassword, ldaps: true));
        Assert.False(LdapDirectory.CanBind(dn, oldPassword, ldaps: true));
        Assert.True(await _connector.VerifyLoginAsync(ldaps, uid, newPassword, CancellationToken.None));
    }

    [Fact]
    public async Task A_certificate_for_another_name_fails_TLS_and_throws_TargetUnavailable()
    {
        // The test certificate names 127.0.0.1 and ldap.kagi.test, not localhost, which reaches the same server.
        var uid = LdapDirectory.NewUid();
        var (_, password) = _directory.Create(uid);
        var wrongName = new TargetEndpoint("localhost", TestEnvironment.LdapsPort, null) { Egress = TestEgress.Loopback, BaseDn = TestEnvironment.LdapBaseDn, Tls = TargetTls.Ldaps };
        Assert.True(await _connector.VerifyLoginAsync(
            new TargetEndpoint("localhost", LdapDirectory.Port, TestEnvironment.LdapBaseDn) { Egress = TestEgress.Loopback }, uid, password, CancellationToken.None));

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
            _connector.VerifyLoginAsync(wrongName, uid, password, CancellationToken.None));
        output.WriteLine(e.Message);

        Assert.Contains("TLS", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, password);
    }

    [Fact]
    public async Task StartTls_on_the_plain_port_verifies_and_changes_passwords_of_users_who_may_only_bind_over_TLS()
    {
        var uid = LdapDirectory.NewUid();
        var dn = $"uid={uid},{TestEnvironment.LdapTlsBaseDn}";
        var (_, oldPassword) = _directory.Create(uid, dn);
        var startTls = new TargetEndpoint(LdapDirectory.Host, LdapDirectory.Port, null) { Egress = TestEgress.Loopback, BaseDn = TestEnvironment.LdapTlsBaseDn, Tls = TargetTls.StartTls };
        var newPassword = LdapDirectory.NewPassword();

        // The same port refuses this user's plain bind (see the ldaps test), so a true here means the bind went over TLS.
        Assert.True(await _connector.VerifyLoginAsync(startTls, uid, oldPassword, CancellationToken.None));
        await _connector.ChangePasswordAsync(startTls, Admin, uid, newPassword, CancellationToken.None);

        Assert.True(LdapDirectory.CanBind(dn, newPassword, ldaps: true));
        Assert.False(await _connector.VerifyLoginAsync(startTls, uid, oldPassword, CancellationToken.None));
    }

    [Fact]
    public async Task A_StartTls_whose_certificate_names_another_host_fails_before_any_bind_with_the_password()
    {
        var uid = LdapDirectory.NewUid();
        var (_, password) = _directory.Create(uid);
        var wrongName = new TargetEndpoint("localhost", LdapDirectory.Port, null) { Egress = TestEgress.Loopback, BaseDn = TestEnvironment.LdapBaseDn, Tls = TargetTls.StartTls };

        var e = await Assert.ThrowsAsync<TargetUnavailableException>(() => _connector.VerifyLoginAsync(wrongName, uid, password, CancellationToken.None));
        output.WriteLine(e.Message);

        // Not "false": the password was never offered, in clear or otherwise.
        Assert.Contains("TLS", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, password);
    }

    private static void AssertNoSecret(Exception e, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
        }
    }
}
