namespace Kagi.Domain.Vault;

[GenerateSerializer, Alias("kagi.state.RotationPhase")]
public enum RotationPhase
{
    /// <summary>The stored current password is the one the target has.</summary>
    Idle = 0,

    /// <summary>A new password is stored beside the current one and may or may not be on the target yet.</summary>
    Pending = 1,

    /// <summary>The target accepts neither the current nor the pending password; a person must reconcile it.</summary>
    OutOfSync = 2,
}
