using Kagi.Domain.Vault;

namespace Kagi.Vault;

[GenerateSerializer, Alias("kagi.state.Account")]
public sealed record AccountState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public string TargetId { get; init; } = "";
    [Id(2)] public string Username { get; init; } = "";

    /// <summary>The password the target accepts, sealed.</summary>
    [Id(3)] public byte[] CurrentSecret { get; init; } = [];

    /// <summary>The password before the last rotation, sealed; kept for recovery.</summary>
    [Id(4)] public byte[]? PreviousSecret { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public LeaseState? Lease { get; init; }
    [Id(7)] public RotationState Rotation { get; init; } = RotationState.Idle;
}
