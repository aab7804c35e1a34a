using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Kagi.Domain.Identity;
using Kagi.Errors;

namespace Kagi.Identity;

/// <summary>
/// The WebAuthn ceremonies on Fido2: options out, answers checked against the options the grain remembered, the
/// relying party id and the one origin. Attestation is not asked for ("none"): Kagi trusts the signed-in user who
/// registers, not the authenticator's maker. User verification (PIN or biometric) is required of every passkey.
/// </summary>
internal static class PasskeyCeremony
{
    public static string RegistrationOptions(PasskeyRelyingParty party, string tenantId, string username, IEnumerable<PasskeyCredential> existing)
    {
        var options = Fido(party).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(tenantId, username), Name = username, DisplayName = username },
            ExcludeCredentials = [.. existing.Select(p => new PublicKeyCredentialDescriptor(p.CredentialId))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                // Discoverable, so a sign-in can ask without listing (and so revealing) a user's credential ids.
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return options.ToJson();
    }

    /// <summary>The new credential, or a refusal (invalid) saying what did not match, never echoing the answer.</summary>
    public static async Task<PasskeyCredential> RegisterAsync(PasskeyRelyingParty party, string optionsJson, NewPasskey answer, DateTimeOffset now)
    {
        var response = Parse<AuthenticatorAttestationRawResponse>(answer.CredentialJson);
        try
        {
            var made = await Fido(party).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(optionsJson),
                IsCredentialIdUniqueToUserCallback = (_, _) => Task.FromResult(true),
            }, CancellationToken.None);
            return new PasskeyCredential
            {
                CredentialId = made.Id, PublicKey = made.PublicKey, SignCount = made.SignCount, Aaguid = made.AaGuid,
                Name = answer.Name, CreatedAt = now,
            };
        }
        catch (Fido2VerificationException e)
        {
            throw new KagiException(ProblemCode.Invalid, $"The passkey could not be registered: {Describe(e)}");
        }
    }

    public static string SignInOptions(PasskeyRelyingParty party) =>
        Fido(party).GetAssertionOptions(new GetAssertionOptionsParams { AllowedCredentials = [], UserVerification = UserVerificationRequirement.Required }).ToJson();

    /// <summary>The credential id the answer names (null when it is not a credential at all).</summary>
    public static byte[]? CredentialIdOf(string assertionJson)
    {
        try
        {
            return JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(assertionJson)?.RawId;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The counter the authenticator reported, or null when the answer is not a valid signature over
    /// the remembered challenge by this credential, for this relying party and origin, with the user verified.</summary>
    public static async Task<uint?> VerifyAsync(PasskeyRelyingParty party, string optionsJson, string assertionJson, PasskeyCredential stored, byte[] userHandle)
    {
        try
        {
            var response = JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(assertionJson);
            if (response is null)
            {
                return null;
            }

            var result = await Fido(party).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(optionsJson),
                StoredPublicKey = stored.PublicKey,
                // The counter rule is ours (PasskeyRules.CounterRegressed), so a regression is told apart and audited.
                StoredSignatureCounter = 0,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
                    Task.FromResult(args.UserHandle is null || args.UserHandle.AsSpan().SequenceEqual(userHandle)),
            }, CancellationToken.None);
            return result.SignCount;
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or FormatException or ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The WebAuthn user handle: derived, stable (names are never reused) and saying nothing readable.</summary>
    public static byte[] UserHandle(string tenantId, string username) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"kagi-passkey-user:{tenantId}/{username}"))[..16];

    private static Fido2 Fido(PasskeyRelyingParty party) => new(new Fido2Configuration
    {
        RPID = party.Id,
        RPName = party.Name,
        Origins = new HashSet<string>(StringComparer.Ordinal) { party.Origin },
    }, null);

    private static T Parse<T>(string json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json) ?? throw new JsonException("empty");
        }
        catch (JsonException)
        {
            throw new KagiException(ProblemCode.Invalid, "The passkey answer is not a WebAuthn credential in JSON.");
        }
    }

    // Fido2's messages name the check (origin, rp id hash, challenge, flags) and never the key material.
    private static string Describe(Fido2VerificationException e) => e.Message.TrimEnd('.') + ".";
}
