using System.Collections.Immutable;
using Kagi.Domain.Identity;
using Kagi.Errors;

namespace Kagi.Identity;

/// <summary>
/// Passkeys (WebAuthn): registration, list and removal for the signed-in user, and the challenge of a sign-in.
/// Challenges live in this activation's memory only: single use, five minutes, and lost harmlessly with the
/// activation (the browser simply asks again); nothing about them needs to outlive it.
/// </summary>
public sealed partial class UserGrain
{
    private PasskeyChallenge? _passkeyRegistration;
    private PasskeyChallenge? _passkeySignIn;

    public async Task<string> BeginPasskeyRegistrationAsync(Caller caller, PasskeyRelyingParty relyingParty, PasswordProof proof)
    {
        EnsureSelf(caller);
        ArgumentNullException.ThrowIfNull(relyingParty);
        ArgumentNullException.ThrowIfNull(proof);
        if (state.State.Passkeys.Length >= PasskeyRules.MaximumPerUser)
        {
            throw new KagiException(ProblemCode.InvalidState, $"You already have {PasskeyRules.MaximumPerUser} passkeys; remove one first.");
        }

        await ConfirmPasswordAsync(proof.CurrentPassword);
        var options = PasskeyCeremony.RegistrationOptions(relyingParty, TenantId, LocalId, state.State.Passkeys);
        _passkeyRegistration = PasskeyRules.Challenge(options, time.GetUtcNow());
        return options;
    }

    public async Task<PasskeyInfo> CompletePasskeyRegistrationAsync(Caller caller, PasskeyRelyingParty relyingParty, NewPasskey passkey)
    {
        EnsureSelf(caller);
        ArgumentNullException.ThrowIfNull(relyingParty);
        ArgumentNullException.ThrowIfNull(passkey);
        var now = time.GetUtcNow();
        var options = PasskeyRules.Redeem(_passkeyRegistration, now);
        _passkeyRegistration = null;
        if (options is null)
        {
            throw new KagiException(ProblemCode.InvalidState, "Begin the passkey registration first (it is valid once, for five minutes).");
        }

        var credential = await PasskeyCeremony.RegisterAsync(relyingParty, options, passkey with { Name = passkey.Name.Trim() }, now);
        if (PasskeyRules.CannotAdd(state.State.Passkeys, credential.CredentialId) is { } problem)
        {
            throw new KagiException(ProblemCode.InvalidState, problem);
        }

        state.State = state.State with { Passkeys = state.State.Passkeys.Add(credential) };
        await state.WriteStateAsync();
        return InfoOf(credential);
    }

    public Task<ImmutableArray<PasskeyInfo>> ListPasskeysAsync(Caller caller)
    {
        EnsureSelf(caller);
        return Task.FromResult(state.State.Passkeys.Select(InfoOf).ToImmutableArray());
    }

    public async Task DeletePasskeyAsync(Caller caller, string passkeyId)
    {
        EnsureSelf(caller);
        var passkey = state.State.Passkeys.FirstOrDefault(p => p.Id == passkeyId) ?? throw NotFound($"Passkey '{passkeyId}'");
        var settings = await SettingsAsync();
        if (PasskeyRules.CannotRemove(settings.Mfa, state.State.Roles, state.State.Mfa.Enabled, state.State.Passkeys.Length - 1) is { } problem)
        {
            throw new KagiException(ProblemCode.InvalidState, problem);
        }

        state.State = state.State with { Passkeys = state.State.Passkeys.Remove(passkey) };
        await state.WriteStateAsync();
    }

    public Task<string> BeginPasskeySignInAsync(PasskeyRelyingParty relyingParty)
    {
        ArgumentNullException.ThrowIfNull(relyingParty);
        var options = PasskeyCeremony.SignInOptions(relyingParty);
        _passkeySignIn = PasskeyRules.Challenge(options, time.GetUtcNow());
        return Task.FromResult(options);
    }

    /// <summary>The passkey second factor of a sign-in: the remembered challenge (taken whatever the answer), a
    /// registered credential, a valid signature, and a counter that went forward. A counter that went back means a
    /// copied key: refused, audited as an alert and told to the user.</summary>
    private async Task<(UserState? Next, string Reason, KagiException? Refusal)> CheckPasskeyAsync(SignInAttempt attempt, DateTimeOffset now)
    {
        var options = PasskeyRules.Redeem(_passkeySignIn, now);
        _passkeySignIn = null;
        var wrong = (default(UserState), SignInReasons.WrongPasskey, new KagiException(ProblemCode.MfaRequired, "The passkey was not accepted; ask for a new challenge and try again."));
        if (options is null || attempt.RelyingParty is not { } party || PasskeyCeremony.CredentialIdOf(attempt.Passkey!) is not { } credentialId)
        {
            return wrong;
        }

        var stored = state.State.Passkeys.FirstOrDefault(p => p.CredentialId.AsSpan().SequenceEqual(credentialId));
        if (stored is null || await PasskeyCeremony.VerifyAsync(party, options, attempt.Passkey!, stored, PasskeyCeremony.UserHandle(TenantId, LocalId)) is not { } counter)
        {
            return wrong;
        }

        if (PasskeyRules.CounterRegressed(stored.SignCount, counter))
        {
            await AuditAsync("auth.passkey-cloned", "alert", attempt.IpAddress, $"passkey={stored.Id}; stored={stored.SignCount}; presented={counter}");
            state.State = WithNotice(state.State, "passkey-cloned",
                $"Your passkey '{stored.Name}' answered with an old counter, as a copy of it would. Remove it and tell your administrator.", attempt.IpAddress);
            return (null, SignInReasons.PasskeyCounterRegressed, new KagiException(ProblemCode.MfaRequired, "The passkey was not accepted."));
        }

        var used = stored with { SignCount = counter, LastUsedAt = now };
        return (state.State with { Passkeys = state.State.Passkeys.Replace(stored, used) }, SignInReasons.PasswordAndPasskey, null);
    }

    private static PasskeyInfo InfoOf(PasskeyCredential p) => new(p.Id, p.Name, p.Aaguid, p.CreatedAt, p.LastUsedAt);
}
