using System.DirectoryServices.Protocols;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace Kagi.Connectors;

/// <summary>
/// The LDAP Password Modify Extended Operation (RFC 3062): the server sets <c>userPassword</c> and hashes it
/// with its own scheme, unlike a plain modify, which stores whatever it is given.
/// </summary>
internal static class LdapPasswordModify
{
    public const string Oid = "1.3.6.1.4.1.4203.1.11.1";

    public static void Send(LdapConnection connection, string dn, string password, TimeSpan timeout)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        byte[]? value = null;
        try
        {
            value = Encode(dn, passwordBytes);
            _ = connection.SendRequest(new ExtendedRequest(Oid, value), timeout);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            if (value is not null)
            {
                CryptographicOperations.ZeroMemory(value);
            }
        }
    }

    /// <summary>The BER value of a password-modify request: <c>SEQUENCE { userIdentity [0], newPasswd [2] }</c>.</summary>
    public static byte[] Encode(string userDn, ReadOnlySpan<byte> newPassword)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString(Encoding.UTF8.GetBytes(userDn), new Asn1Tag(TagClass.ContextSpecific, 0));
            writer.WriteOctetString(newPassword, new Asn1Tag(TagClass.ContextSpecific, 2));
        }

        return writer.Encode();
    }
}
