namespace Kagi.Domain.Vault;

/// <summary>What a rotation attempt does next.</summary>
public enum RotationStep
{
    /// <summary>Nothing is due.</summary>
    None = 0,

    /// <summary>Set the pending password on the target, then verify it by logging in.</summary>
    ChangeOnTarget = 1,

    /// <summary>An earlier attempt failed part-way: ask the target which password it accepts first.</summary>
    Reconcile = 2,

    /// <summary>The target already accepts the pending password: make it current.</summary>
    Commit = 3,

    /// <summary>The target accepts neither password.</summary>
    OutOfSync = 4,
}
