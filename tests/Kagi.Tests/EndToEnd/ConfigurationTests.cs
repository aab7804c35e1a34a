using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Start-up refuses missing or malformed settings with one line per setting, naming it.</summary>
public sealed class ConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_without_a_master_key_stops_at_once_naming_the_setting()
    {
        await using var silo = BuiltProcess.Start("Silo", new Dictionary<string, string> { ["KAGI_MASTER_KEY"] = "" });

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout));
        var line = Assert.Single(silo.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kagi: configuration error: KAGI_MASTER_KEY is missing", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_master_key_is_named_without_echoing_its_value()
    {
        await using var silo = BuiltProcess.Start("Silo", new Dictionary<string, string> { ["KAGI_MASTER_KEY"] = "c2hvcnQta2V5" });

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout));
        Assert.Contains("KAGI_MASTER_KEY is malformed", silo.RecentOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQta2V5", silo.RecentOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://kagi.table.core.windows.net", "KAGI_STORAGE_ACCOUNT_URI uses http; expected https")]
    [InlineData("kagi.table.core.windows.net", "KAGI_STORAGE_ACCOUNT_URI is not an absolute URI")]
    [InlineData("https://kagi.table.core.windows.net/?sv=2024-11-04&sig=c2lnbmF0dXJl", "KAGI_STORAGE_ACCOUNT_URI carries a query")]
    public async Task A_storage_account_uri_that_is_not_a_bare_https_endpoint_stops_the_silo_in_one_line(string uri, string problem)
    {
        await using var silo = BuiltProcess.Start("Silo", WithMasterKey(new() { ["KAGI_STORAGE_ACCOUNT_URI"] = uri }));

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout));
        var line = Assert.Single(silo.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kagi: configuration error: " + problem, line, StringComparison.Ordinal);
        Assert.DoesNotContain("c2lnbmF0dXJl", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_account_uri_and_a_connection_string_together_stop_the_silo_in_one_line()
    {
        await using var silo = BuiltProcess.Start("Silo", WithMasterKey(new()
        {
            ["KAGI_STORAGE_ACCOUNT_URI"] = "https://kagi.table.core.windows.net",
            ["KAGI_STORAGE_CONNECTION"] = "UseDevelopmentStorage=true",
        }));

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout));
        var line = Assert.Single(silo.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kagi: configuration error: KAGI_STORAGE_ACCOUNT_URI and KAGI_STORAGE_CONNECTION are both set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_storage_connection_string_is_named_without_echoing_it()
    {
        await using var silo = BuiltProcess.Start("Silo", WithMasterKey(new() { ["KAGI_STORAGE_CONNECTION"] = "AccountKey-c2VjcmV0LWtleQ" }));

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout));
        var line = Assert.Single(silo.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kagi: configuration error: KAGI_STORAGE_CONNECTION is malformed", line, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleQ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frontend_names_every_bad_setting_on_its_own_line()
    {
        await using var frontend = BuiltProcess.Start("Frontend", new Dictionary<string, string>
        {
            ["KAGI_OPERATOR_TOKEN"] = "",
            ["KAGI_CLUSTERING"] = "carrier-pigeon",
            ["KAGI_GATEWAY_PORT"] = "70000",
        });

        Assert.Equal(2, await frontend.WaitForExitAsync(ExitTimeout));
        var lines = frontend.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("kagi: configuration error: KAGI_CLUSTERING is 'carrier-pigeon'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("kagi: configuration error: KAGI_GATEWAY_PORT is '70000'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("kagi: configuration error: KAGI_OPERATOR_TOKEN is missing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://kagi.example/?tenant=acme")]
    [InlineData("ftp://kagi.example")]
    [InlineData("kagi.example")]
    public async Task A_public_url_that_cannot_prefix_saml_entity_ids_stops_the_frontend_in_one_line(string url)
    {
        var line = await FrontendRefusalAsync(new() { ["KAGI_PUBLIC_URL"] = url });

        Assert.StartsWith($"kagi: configuration error: KAGI_PUBLIC_URL is '{url}'; expected an http(s) URL", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tls_certificate_without_its_key_stops_the_frontend_in_one_line()
    {
        using var files = IssuePem(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));

        var line = await FrontendRefusalAsync(new() { ["KAGI_URLS"] = "https://127.0.0.1:8443", ["KAGI_TLS_CERT"] = files.Certificate });

        Assert.StartsWith("kagi: configuration error: KAGI_TLS_KEY is missing while KAGI_TLS_CERT is set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_tls_certificate_file_stops_the_frontend_in_one_line()
    {
        using var files = IssuePem(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        var missing = Path.Combine(Path.GetDirectoryName(files.Certificate)!, "gone.pem");

        var line = await FrontendRefusalAsync(new() { ["KAGI_URLS"] = "https://127.0.0.1:8443", ["KAGI_TLS_CERT"] = missing, ["KAGI_TLS_KEY"] = files.Key });

        Assert.StartsWith($"kagi: configuration error: KAGI_TLS_CERT file {missing} does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_of_another_certificate_stops_the_frontend_without_showing_the_key()
    {
        using var files = IssuePem(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var other = IssuePem(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));

        var line = await FrontendRefusalAsync(new() { ["KAGI_URLS"] = "https://127.0.0.1:8443", ["KAGI_TLS_CERT"] = files.Certificate, ["KAGI_TLS_KEY"] = other.Key });

        Assert.StartsWith("kagi: configuration error: KAGI_TLS_KEY is not the unencrypted PEM private key of the certificate in KAGI_TLS_CERT", line, StringComparison.Ordinal);
        var keyBody = File.ReadAllLines(other.Key)[1];
        Assert.DoesNotContain(keyBody, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_tls_certificate_stops_the_frontend_in_one_line()
    {
        using var files = IssuePem(DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-2));

        var line = await FrontendRefusalAsync(new() { ["KAGI_URLS"] = "https://127.0.0.1:8443", ["KAGI_TLS_CERT"] = files.Certificate, ["KAGI_TLS_KEY"] = files.Key });

        Assert.StartsWith("kagi: configuration error: KAGI_TLS_CERT is valid from ", line, StringComparison.Ordinal);
        Assert.EndsWith("not now; expected a current certificate.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_url_beside_tls_stops_the_frontend_unless_it_only_redirects()
    {
        using var files = IssuePem(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));

        var line = await FrontendRefusalAsync(new()
        {
            ["KAGI_URLS"] = "https://127.0.0.1:8443;http://127.0.0.1:8080",
            ["KAGI_TLS_CERT"] = files.Certificate,
            ["KAGI_TLS_KEY"] = files.Key,
        });

        Assert.StartsWith("kagi: configuration error: KAGI_URLS lists http://127.0.0.1:8080 though HTTPS is on; remove it, or set KAGI_HTTP_REDIRECT=true", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_https_url_without_a_certificate_stops_the_frontend_in_one_line()
    {
        var line = await FrontendRefusalAsync(new() { ["KAGI_URLS"] = "https://127.0.0.1:8443" });

        Assert.StartsWith("kagi: configuration error: KAGI_URLS lists an https:// URL but KAGI_TLS_CERT and KAGI_TLS_KEY are not set", line, StringComparison.Ordinal);
    }

    /// <summary>Starts a Frontend with a good operator token and <paramref name="settings"/>; returns its single line of refusal.</summary>
    private static async Task<string> FrontendRefusalAsync(Dictionary<string, string> settings)
    {
        settings["KAGI_OPERATOR_TOKEN"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await using var frontend = BuiltProcess.Start("Frontend", settings);

        Assert.Equal(2, await frontend.WaitForExitAsync(ExitTimeout));
        return Assert.Single(frontend.RecentOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private static PemFiles IssuePem(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var ca = TestCertificates.CreateCa("Kagi configuration test CA");
        using var certificate = TestCertificates.IssueForLoopback(ca, notBefore, notAfter);
        return TestCertificates.WritePem(certificate);
    }

    private static Dictionary<string, string> WithMasterKey(Dictionary<string, string> settings)
    {
        settings["KAGI_MASTER_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return settings;
    }
}
