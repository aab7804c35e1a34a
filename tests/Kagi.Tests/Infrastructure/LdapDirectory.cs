using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// Entries on the tests' private slapd, made per test with unique uids under the base DN and deleted afterwards.
/// Whether a password works is checked with the test's own bind, never through the connector.
/// </summary>
public sealed class LdapDirectory : IDisposable
{
    private readonly List<string> _created = [];

    public static string Host => TestEnvironment.LdapUrl.Host;

    public static int Port => TestEnvironment.LdapUrl.Port;

    public static string NewPassword() => "Kg-" + RandomNumberGenerator.GetHexString(24, lowercase: true);

    public static string NewUid(string prefix = "kt") => prefix + RandomNumberGenerator.GetHexString(10, lowercase: true);

    public static string Dn(string uid) => $"uid={uid},{TestEnvironment.LdapBaseDn}";

    /// <summary>Adds an inetOrgPerson entry at <paramref name="dn"/> (escaped by the caller) with a cleartext userPassword.</summary>
    public (string Dn, string Password) Create(string uid, string? dn = null)
    {
        dn ??= Dn(uid);
        var password = NewPassword();
        using var admin = OpenAsAdmin();
        _created.Add(dn);
        _ = admin.SendRequest(new AddRequest(dn,
            new DirectoryAttribute("objectClass", "inetOrgPerson"),
            new DirectoryAttribute("uid", uid),
            new DirectoryAttribute("cn", uid),
            new DirectoryAttribute("sn", "Test"),
            new DirectoryAttribute("userPassword", password)));
        return (dn, password);
    }

    /// <summary>Remembers an entry someone else (the connector) creates, so it is deleted afterwards.</summary>
    public void Track(string dn) => _created.Add(dn);

    public static bool CanBind(string dn, string password, bool ldaps = false)
    {
        using var connection = Open(ldaps);
        try
        {
            connection.Bind(new NetworkCredential(dn, password));
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    public static bool Exists(string dn) => StoredPassword(dn, out _);

    /// <summary>The userPassword value as stored, read as the rootdn.</summary>
    public static bool StoredPassword(string dn, out string? stored)
    {
        using var admin = OpenAsAdmin();
        try
        {
            var response = (SearchResponse)admin.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, "userPassword"));
            var values = response.Entries[0].Attributes["userPassword"]?.GetValues(typeof(byte[]));
            stored = values is { Length: > 0 } ? Encoding.UTF8.GetString((byte[])values[0]) : null;
            return true;
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            stored = null;
            return false;
        }
    }

    public void Dispose()
    {
        using var admin = OpenAsAdmin();
        foreach (var dn in _created)
        {
            try
            {
                _ = admin.SendRequest(new DeleteRequest(dn));
            }
            catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
            {
                // Already gone (the test removed it).
            }
        }
    }

    private static LdapConnection Open(bool ldaps = false)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(Host, ldaps ? TestEnvironment.LdapsPort : Port), null, AuthType.Basic);
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = ldaps;
        return connection;
    }

    private static LdapConnection OpenAsAdmin()
    {
        var connection = Open();
        connection.Bind(new NetworkCredential(TestEnvironment.LdapBindDn, TestEnvironment.LdapPassword));
        return connection;
    }
}
