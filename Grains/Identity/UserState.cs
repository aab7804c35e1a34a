using System.Collections.Immutable;
using Kagi.Domain.Identity;

namespace Kagi.Identity;

[GenerateSerializer, Alias("kagi.state.User")]
public sealed record UserState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public string PasswordHash { get; init; } = "";
    [Id(2)] public ImmutableArray<string> Roles { get; init; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public DateTimeOffset PasswordChangedAt { get; init; }

    /// <summary>Hashes of previous passwords, newest first.</summary>
    [Id(5)] public ImmutableArray<string> PasswordHistory { get; init; } = [];
    [Id(6)] public bool Disabled { get; init; }
    [Id(7)] public LockoutState Lockout { get; init; } = new();
    [Id(8)] public MfaState Mfa { get; init; } = new();

    /// <summary>Keys of the user's session grains (hashes of tokens), to end them all at once.</summary>
    [Id(9)] public ImmutableArray<SessionRef> Sessions { get; init; } = [];
    [Id(10)] public ImmutableArray<ApiTokenRecord> ApiTokens { get; init; } = [];
    [Id(11)] public ImmutableArray<UserNotice> Notices { get; init; } = [];

    /// <summary>Where notifications go (none: no email), in which language, and the user's groups.</summary>
    [Id(12)] public string? Email { get; init; }
    [Id(13)] public string Locale { get; init; } = UserLocales.English;
    [Id(14)] public ImmutableArray<string> Groups { get; init; } = [];

    /// <summary>Offboarded: the rest of the state is cleared (<see cref="Exists"/> is false, so sign-in treats the
    /// name as unknown) but the name stays taken, so nobody else is ever created under it.</summary>
    [Id(15)] public bool Deleted { get; init; }
    [Id(16)] public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The IANA time zone the console shows this user's times in.</summary>
    [Id(17)] public string TimeZone { get; init; } = UserTimeZones.Default;
    /// <summary>The identity-provider subject this user signs in as (set at the first single sign-on); a user created
    /// by single sign-on has no password hash, so password sign-in never matches.</summary>
    [Id(18)] public Kagi.Domain.Sso.SsoLink? Sso { get; init; }

    /// <summary>What the user's sign-ins usually look like and how suspicious they are lately (<see cref="RiskScorer"/>).
    /// Null in the state of an earlier version, whose profile was a grain of its own (<c>RiskProfileGrain</c>): it is
    /// taken from there the first time it is needed.</summary>
    [Id(19)] public RiskProfile? Risk { get; init; }

    /// <summary>The user's passkeys (WebAuthn), a second factor beside or instead of TOTP; at most <see cref="PasskeyRules.MaximumPerUser"/>.</summary>
    [Id(120)] public ImmutableArray<PasskeyCredential> Passkeys { get; init; } = [];

    /// <summary>Whether a second factor (TOTP or a passkey) is asked at sign-in.</summary>
    public bool HasSecondFactor => Mfa.Enabled || !Passkeys.IsDefaultOrEmpty;

    public override string ToString() => $"UserState {{ Exists = {Exists}, Roles = [{string.Join(", ", Roles)}] }}";
}

/// <summary>TOTP: the secret sealed with TenantVault, the last accepted time step, hashed recovery codes.</summary>
[GenerateSerializer, Alias("kagi.state.Mfa")]
public sealed record MfaState
{
    [Id(0)] public bool Enabled { get; init; }
    [Id(1)] public byte[]? SealedSecret { get; init; }
    [Id(2)] public byte[]? PendingSealedSecret { get; init; }
    [Id(3)] public long LastAcceptedStep { get; init; }
    [Id(4)] public ImmutableArray<string> RecoveryCodeHashes { get; init; } = [];

    public override string ToString() => $"MfaState {{ Enabled = {Enabled} }}";
}

[GenerateSerializer, Immutable, Alias("kagi.state.SessionRef")]
public sealed record SessionRef([property: Id(0)] string Key, [property: Id(1)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Immutable, Alias("kagi.state.ApiToken")]
public sealed record ApiTokenRecord([property: Id(0)] ApiTokenInfo Info, [property: Id(1)] string SessionKey);
