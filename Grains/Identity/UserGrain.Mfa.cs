using System.Collections.Immutable;
using System.Security.Cryptography;
using Kagi.Domain.Identity;
using Kagi.Errors;
using Kagi.Security;
using QRCoder;

namespace Kagi.Identity;

public sealed partial class UserGrain
{
    public const string TotpIssuer = "Kagi";

    private SecretContext TotpContext => new(TenantId, "user", LocalId, "totp-secret");

    public async Task<TotpEnrolment> BeginTotpEnrolmentAsync(Caller caller, PasswordProof proof)
    {
        EnsureSelf(caller);
        ArgumentNullException.ThrowIfNull(proof);
        if (state.State.Mfa.Enabled)
        {
            throw new KagiException(ProblemCode.InvalidState, "TOTP is already on; an admin can reset it.");
        }

        await ConfirmPasswordAsync(proof.CurrentPassword);

        var secret = RandomNumberGenerator.GetBytes(TotpCodes.SecretBytes);
        var sealedSecret = await vault.SealAsync(Convert.ToBase64String(secret), TotpContext);
        state.State = state.State with { Mfa = state.State.Mfa with { PendingSealedSecret = sealedSecret } };
        await state.WriteStateAsync();

        var uri = TotpCodes.OtpauthUri(TotpIssuer, $"{LocalId}@{TenantId}", secret);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new TotpEnrolment(TotpCodes.Base32(secret), uri, new PngByteQRCode(data).GetGraphic(6));
    }

    public async Task<ImmutableArray<string>> ConfirmTotpAsync(Caller caller, string code)
    {
        EnsureSelf(caller);
        var mfa = state.State.Mfa;
        if (mfa.Enabled || mfa.PendingSealedSecret is null)
        {
            throw new KagiException(ProblemCode.InvalidState, "Start TOTP enrolment first.");
        }

        var secret = Convert.FromBase64String(await vault.OpenAsync(mfa.PendingSealedSecret, TotpContext));
        var check = TotpCodes.Verify(secret, code, time.GetUtcNow(), 0);
        if (check.Outcome != TotpOutcome.Accepted)
        {
            throw new KagiException(ProblemCode.Invalid, "The code does not match; check the device's clock and try the next code.");
        }

        var codes = RecoveryCodes.Generate(CryptoRandom.Shared);
        var sealedConfirmed = await vault.SealAsync(Convert.ToBase64String(secret), TotpContext);
        state.State = state.State with
        {
            Mfa = new MfaState
            {
                Enabled = true,
                SealedSecret = sealedConfirmed,
                LastAcceptedStep = check.Step,
                RecoveryCodeHashes = [.. codes.Select(RecoveryCodes.Hash)],
            },
        };
        await state.WriteStateAsync();
        return codes;
    }

    /// <summary>Re-seals the TOTP secret (confirmed and pending) under the tenant's current data key.</summary>
    public async Task<int> ResealAsync(Caller caller)
    {
        EnsureCaller(caller);
        var mfa = state.State.Mfa;
        if (!state.State.Exists || (mfa.SealedSecret is null && mfa.PendingSealedSecret is null))
        {
            return 0;
        }

        var confirmed = mfa.SealedSecret is { } c ? await vault.ResealAsync(c, TotpContext) : null;
        var pending = mfa.PendingSealedSecret is { } p ? await vault.ResealAsync(p, TotpContext) : null;
        var changed = (ReferenceEquals(confirmed, mfa.SealedSecret) ? 0 : 1) + (ReferenceEquals(pending, mfa.PendingSealedSecret) ? 0 : 1);
        if (changed > 0)
        {
            state.State = state.State with { Mfa = mfa with { SealedSecret = confirmed, PendingSealedSecret = pending } };
            await state.WriteStateAsync();
        }

        return changed;
    }

    public async Task ResetMfaAsync(Caller caller)
    {
        EnsureAdmin(caller);
        var (next, ending) = WithoutSessionsOrTokens(state.State with { Mfa = new MfaState(), Passkeys = [] }, "An admin reset your second factor", caller.IpAddress);
        state.State = next;
        await state.WriteStateAsync();
        await EndSessionsAsync(ending);
    }
}
