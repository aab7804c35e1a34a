namespace Kagi.Vault;

/// <summary>Per-account switches and schedules (iDoperation's lending settings).</summary>
[GenerateSerializer, Immutable, Alias("kagi.AccountPolicy")]
public sealed record AccountPolicy
{
    public static AccountPolicy Default { get; } = new();

    /// <summary>Scheduled rotation; null rotates only on check-in or on demand.</summary>
    [Id(0)] public RotationScheduleSpec? Rotation { get; init; }
    [Id(1)] public bool RotateOnCheckin { get; init; } = true;
    [Id(2)] public bool RotateBeforeView { get; init; }
    [Id(3)] public bool AllowOverlappingCheckouts { get; init; }
    [Id(4)] public bool ShowPassword { get; init; } = true;
    [Id(5)] public bool Lendable { get; init; } = true;

    /// <summary>How often Kagi checks that the stored password still logs in; null for never.</summary>
    [Id(6)] public TimeSpan? Heartbeat { get; init; }
    [Id(7)] public PasswordRules PasswordPolicy { get; init; } = PasswordRules.Default;
}
