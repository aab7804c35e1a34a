namespace Kagi.Domain.Vault;

[GenerateSerializer, Alias("kagi.state.OneTimePhase")]
public enum OneTimePhase
{
    /// <summary>The name and sealed password are stored; the account may or may not exist on the target yet.</summary>
    Creating = 0,

    /// <summary>Created on the target and handed to the lease holder.</summary>
    Active = 1,

    /// <summary>To be removed (or disabled); retried with backoff until the target confirms.</summary>
    Ending = 2,
}
