using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// A passkey authenticator in software, as a browser and a platform authenticator would answer WebAuthn: one ES256
/// key, attestation "none", a signature counter the test may wind back (a cloned key), and answers built for any
/// origin or rp id the test names (a phishing page). Its CBOR is written by hand: the few shapes WebAuthn needs.
/// </summary>
public sealed class SoftwareAuthenticator : IDisposable
{
    public static readonly Guid Aaguid = new("6b61676b-7465-7374-6175-74686e746f72");

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private byte[]? _userHandle;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>The counter the next assertion reports, then increments.</summary>
    public uint Counter { get; set; }

    /// <summary>The PublicKeyCredential JSON navigator.credentials.create would give for these creation options.</summary>
    public JsonObject Create(JsonElement options, string origin, string? rpId = null)
    {
        _userHandle = Base64Url(options.GetProperty("user").GetProperty("id").GetString()!);
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!, origin);
        var parameters = _key.ExportParameters(false);
        var coseKey = Map(
            (Int(1), Int(2)), (Int(3), Int(-7)), (Int(-1), Int(1)), (Int(-2), Bytes(parameters.Q.X!)), (Int(-3), Bytes(parameters.Q.Y!)));
        var attested = Concat(Aaguid.ToByteArray(bigEndian: true), [(byte)(CredentialId.Length >> 8), (byte)CredentialId.Length], CredentialId, coseKey);
        var authenticatorData = AuthenticatorData(rpId ?? options.GetProperty("rp").GetProperty("id").GetString()!, 0x01 | 0x04 | 0x40, Counter, attested);
        var attestationObject = Map((Text("fmt"), Text("none")), (Text("attStmt"), Map()), (Text("authData"), Bytes(authenticatorData)));
        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url(clientData),
            ["attestationObject"] = Base64Url(attestationObject),
            ["transports"] = new JsonArray("internal"),
        });
    }

    /// <summary>The PublicKeyCredential JSON navigator.credentials.get would give for these request options.</summary>
    public JsonObject Get(JsonElement options, string origin, string? rpId = null)
    {
        Counter++;
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!, origin);
        var authenticatorData = AuthenticatorData(rpId ?? options.GetProperty("rpId").GetString()!, 0x01 | 0x04, Counter, []);
        var signature = _key.SignData(Concat(authenticatorData, SHA256.HashData(clientData)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url(clientData),
            ["authenticatorData"] = Base64Url(authenticatorData),
            ["signature"] = Base64Url(signature),
            ["userHandle"] = _userHandle is null ? null : Base64Url(_userHandle),
        });
    }

    public void Dispose() => _key.Dispose();

    private JsonObject Credential(JsonObject response) => new()
    {
        ["id"] = Base64Url(CredentialId),
        ["rawId"] = Base64Url(CredentialId),
        ["type"] = "public-key",
        ["response"] = response,
        ["clientExtensionResults"] = new JsonObject(),
    };

    private static byte[] ClientData(string type, string challenge, string origin) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type, challenge, origin, crossOrigin = false }));

    private static byte[] AuthenticatorData(string rpId, byte flags, uint counter, byte[] attested) =>
        Concat(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), [flags, (byte)(counter >> 24), (byte)(counter >> 16), (byte)(counter >> 8), (byte)counter], attested);

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    // CBOR (RFC 8949): a major type and a length or value in the first bytes.
    private static byte[] Head(int major, long value) => value switch
    {
        < 24 => [(byte)((major << 5) | (int)value)],
        < 256 => [(byte)((major << 5) | 24), (byte)value],
        _ => [(byte)((major << 5) | 25), (byte)(value >> 8), (byte)value],
    };

    private static byte[] Int(long value) => value >= 0 ? Head(0, value) : Head(1, -1 - value);

    private static byte[] Bytes(byte[] value) => Concat(Head(2, value.Length), value);

    private static byte[] Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return Concat(Head(3, bytes.Length), bytes);
    }

    private static byte[] Map(params (byte[] Key, byte[] Value)[] entries) => Concat([Head(5, entries.Length), .. entries.SelectMany(e => new[] { e.Key, e.Value })]);
}
