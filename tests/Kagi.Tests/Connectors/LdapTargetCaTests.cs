using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kagi.Connectors;
using Kagi.Tests.EndToEnd;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;
using Xunit.Abstractions;

namespace Kagi.Tests.Connectors;

/// <summary>
/// Issue 10, item 8: an LDAP target's own CA (a private, on-premises CA) is trusted for that target's connections
/// only. A slapd of its own, with a certificate from a CA made for this test class (scripts/lib.sh
/// <c>kagi_start_slapd</c>), which nothing else trusts (the test process's <c>LDAPTLS_CACERT</c> names the suite's
/// other CA): with the CA on the target, ldaps and StartTLS bind; with none or another CA, the same call is refused
/// with the connector's error before any credential is sent.
/// </summary>
public sealed class LdapTargetCaTests(PrivateCaDirectory directory, ITestOutputHelper output) : IClassFixture<PrivateCaDirectory>
{
    private readonly LdapConnector _connector = new();

    [Theory]
    [InlineData(TargetTls.Ldaps)]
    [InlineData(TargetTls.StartTls)]
    public async Task With_the_targets_own_ca_the_admin_binds_over_tls(TargetTls tls)
    {
        Assert.True(await _connector.VerifyLoginAsync(directory.Endpoint(tls, directory.Ca), PrivateCaDirectory.AdminDn, directory.AdminPassword, CancellationToken.None));
        Assert.False(await _connector.VerifyLoginAsync(directory.Endpoint(tls, directory.Ca), PrivateCaDirectory.AdminDn, directory.AdminPassword + "x", CancellationToken.None));
    }

    [Theory]
    [InlineData(TargetTls.Ldaps)]
    [InlineData(TargetTls.StartTls)]
    public async Task Without_it_or_with_another_ca_the_same_server_is_refused(TargetTls tls)
    {
        using var otherCa = TestCertificates.CreateCa("Some other CA");
        foreach (var ca in new[] { null, otherCa.ExportCertificatePem() })
        {
            var refused = await Assert.ThrowsAsync<TargetUnavailableException>(() =>
                _connector.VerifyLoginAsync(directory.Endpoint(tls, ca), PrivateCaDirectory.AdminDn, directory.AdminPassword, CancellationToken.None));
            output.WriteLine(refused.Message);
            Assert.Contains("caCertificate", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(directory.AdminPassword, refused.ToString(), StringComparison.Ordinal);
        }
    }
}

/// <summary>A slapd of the test class's own on free ports, its certificate from a CA made for it.</summary>
public sealed class PrivateCaDirectory : IAsyncLifetime
{
    public const string AdminDn = "cn=admin,dc=kagi,dc=test";

    private readonly string _dir = Directory.CreateTempSubdirectory("kagi-ldap-ca-test-").FullName;
    private readonly int _port = LoopbackPorts.Unused();
    private readonly int _ldapsPort = LoopbackPorts.Unused();

    public string Ca { get; private set; } = "";

    public string AdminPassword { get; private set; } = "";

    public TargetEndpoint Endpoint(TargetTls tls, string? ca) =>
        new("127.0.0.1", tls == TargetTls.Ldaps ? _ldapsPort : _port, null) { Egress = TestEgress.Loopback, BaseDn = "ou=people,dc=kagi,dc=test", Tls = tls, CaCertificate = ca };

    public async Task InitializeAsync()
    {
        await LibAsync($"kagi_start_slapd '{_dir}' {_port} {_ldapsPort}");
        Ca = await File.ReadAllTextAsync(Path.Combine(_dir, "ca.pem"));
        AdminPassword = await File.ReadAllTextAsync(Path.Combine(_dir, "admin-password"));
    }

    public async Task DisposeAsync()
    {
        await LibAsync($"kagi_stop_slapd '{_dir}'");
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task LibAsync(string command)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", $"source scripts/lib.sh && {command}"])
        {
            WorkingDirectory = RepositoryLayout.Root,
            RedirectStandardError = true,
        })!;
        var errors = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"{command}: {await errors}");
    }

}
