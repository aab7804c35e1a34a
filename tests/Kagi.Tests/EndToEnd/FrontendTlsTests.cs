using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A Frontend serving HTTPS from PEM files (KAGI_TLS_CERT, KAGI_TLS_KEY) beside the deployment's own:
/// sign-in works over TLS for a client trusting the test CA, answers carry HSTS, plain HTTP
/// (KAGI_HTTP_REDIRECT=true) redirects a GET and refuses a POST, and only TLS 1.2 and 1.3 shake hands.
/// </summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class FrontendTlsTests(KagiDeployment kagi) : IAsyncLifetime
{
    private const string PermissiveOpenSslConfig = """
        openssl_conf = default_conf
        [default_conf]
        ssl_conf = ssl_sect
        [ssl_sect]
        system_default = system_default_sect
        [system_default_sect]
        MinProtocol = TLSv1
        CipherString = DEFAULT@SECLEVEL=0
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("Kagi Frontend test CA");
    private readonly int _httpsPort = LoopbackPorts.Unused();
    private readonly int _httpPort = LoopbackPorts.Unused();
    private PemFiles _files = null!;
    private BuiltProcess _frontend = null!;

    public async Task InitializeAsync()
    {
        using (var server = TestCertificates.IssueForLoopback(_ca))
        {
            _files = TestCertificates.WritePem(server);
        }

        // The host's OpenSSL refuses TLS 1.0 and 1.1 by itself (security level 1 and up). This
        // Frontend's OpenSSL allows them, so only Kestrel's own SslProtocols stands in the way.
        var permissive = Path.Combine(Path.GetDirectoryName(_files.Certificate)!, "openssl.cnf");
        await File.WriteAllTextAsync(permissive, PermissiveOpenSslConfig);

        _frontend = kagi.StartExtraFrontend(new Dictionary<string, string>
        {
            ["KAGI_URLS"] = $"https://127.0.0.1:{_httpsPort};http://127.0.0.1:{_httpPort}",
            ["KAGI_TLS_CERT"] = _files.Certificate,
            ["KAGI_TLS_KEY"] = _files.Key,
            ["KAGI_HTTP_REDIRECT"] = "true",
            ["OPENSSL_CONF"] = permissive,
        });
        using var https = Https();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await https.IsReadyAsync())
        {
            if (_frontend.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The HTTPS Frontend did not become ready.{Environment.NewLine}{_frontend.RecentOutput}");
            }

            await Task.Delay(500);
        }
    }

    public async Task DisposeAsync()
    {
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        _files?.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public async Task Sign_in_works_over_https_and_every_answer_there_carries_hsts()
    {
        using var https = Https();
        var tenant = await TenantScript.OpenAsync(https);

        var signIn = (await https.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "bob", password = TenantScript.UserPassword }, null))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal("max-age=31536000", signIn.Headers.GetValueOrDefault("Strict-Transport-Security"));
        var refused = (await https.PostAsync($"/api/t/{tenant.Id}/auth/login", new { username = "bob", password = "wrong-password" }, null))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal("max-age=31536000", refused.Headers.GetValueOrDefault("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Plain_http_redirects_a_get_to_https_and_refuses_a_post_without_hsts()
    {
        using var plain = new KagiApi(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") }, kagi.OperatorToken);
        var get = (await plain.GetAsync("/health/ready?probe=1", null)).ShouldBe(HttpStatusCode.PermanentRedirect);
        Assert.Equal($"https://127.0.0.1:{_httpsPort}/health/ready?probe=1", get.Headers.GetValueOrDefault("Location"));
        Assert.False(get.Headers.ContainsKey("Strict-Transport-Security"));

        var post = (await plain.PostAsync("/api/t/acme/auth/login", new { username = "bob", password = TenantScript.UserPassword }, null))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "invalid");
        Assert.False(post.Headers.ContainsKey("Location"));
        Assert.False(post.Headers.ContainsKey("Strict-Transport-Security"));
        Assert.Contains("HTTPS only", post.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_tls_1_2_and_1_3_handshakes_succeed()
    {
        foreach (var old in new[] { "-tls1", "-tls1_1" })
        {
            var (exitCode, output) = await HandshakeAsync(old);

            Assert.True(exitCode != 0, output);
            // The client offered the old protocol (SECLEVEL=0 lets it) and the server refused it:
            // with the same OpenSSL settings, a server without Kestrel's SslProtocols would accept.
            Assert.DoesNotContain("no protocols available", output, StringComparison.Ordinal);
            Assert.Contains("alert protocol version", output, StringComparison.Ordinal);
        }

        foreach (var (current, negotiated) in new[] { ("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3") })
        {
            var (exitCode, output) = await HandshakeAsync(current);

            Assert.True(exitCode == 0, output);
            Assert.Contains($"New, {negotiated}, Cipher is", output, StringComparison.Ordinal);
        }
    }

    /// <summary>A client of the HTTPS address that trusts the test CA alone (the name is checked too: the certificate is for 127.0.0.1).</summary>
    private KagiApi Https()
    {
        var trustingTheTestCa = new SocketsHttpHandler { AllowAutoRedirect = false };
        trustingTheTestCa.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { _ca },
            RevocationMode = X509RevocationMode.NoCheck,
        };
        return new KagiApi(new HttpClient(trustingTheTestCa) { BaseAddress = new Uri($"https://127.0.0.1:{_httpsPort}"), Timeout = TimeSpan.FromSeconds(30) }, kagi.OperatorToken);
    }

    private async Task<(int ExitCode, string Output)> HandshakeAsync(string protocol)
    {
        var start = new ProcessStartInfo("openssl",
            ["s_client", "-connect", "127.0.0.1:" + _httpsPort.ToString(CultureInfo.InvariantCulture), protocol, "-cipher", "DEFAULT@SECLEVEL=0"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var openssl = Process.Start(start)!;
        // No input: s_client ends after the handshake instead of waiting to send.
        openssl.StandardInput.Close();
        var output = openssl.StandardOutput.ReadToEndAsync();
        var errors = openssl.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await openssl.WaitForExitAsync(timeout.Token);
        return (openssl.ExitCode, await output + await errors);
    }
}
