using Kagi.Configuration;
using Kagi.Security;
using Kagi.Security.Keys;

namespace Kagi.Silo;

/// <summary>
/// Where the silo's key-encryption keys come from: a keyring file (<c>KAGI_KEYRING</c>, versioned,
/// rotatable KEKs) when configured, otherwise the one master key (<c>KAGI_MASTER_KEY</c>). Shared with
/// <c>kagictl restore</c>, which must open secrets and check audit signatures exactly as the silo does.
/// </summary>
public static class KeySettings
{
    /// <summary>The provider, or null when the settings are wrong (each problem is reported on <paramref name="reader"/>).</summary>
    public static IKeyEncryptionKeyProvider? Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var keyring = reader.Optional("KEYRING");
        var masterKey = MasterKey.TryParse(reader.Optional("MASTER_KEY"));
        if (masterKey is null && (keyring is null || reader.Optional("MASTER_KEY") is not null))
        {
            reader.Fail("MASTER_KEY", reader.Optional("MASTER_KEY") is null
                ? "is missing; expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`), or set KAGI_KEYRING to a keyring file"
                : "is malformed; expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`)");
            return null;
        }

        return keyring is not null ? new KeyringFileProvider(keyring) : new StaticKeyProvider(masterKey!);
    }
}
