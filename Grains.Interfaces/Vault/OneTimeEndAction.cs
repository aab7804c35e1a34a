namespace Kagi.Vault;

/// <summary>What happens to a one-time account when its window ends.</summary>
[GenerateSerializer, Alias("kagi.OneTimeEndAction")]
public enum OneTimeEndAction
{
    /// <summary>The account is removed from the target (a PostgreSQL role that owns objects is disabled instead).</summary>
    Remove = 0,

    /// <summary>The account stays on the target but its password is replaced by a random one nobody ever sees.</summary>
    Disable = 1,
}
