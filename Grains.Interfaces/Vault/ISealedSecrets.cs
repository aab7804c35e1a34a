namespace Kagi.Vault;

/// <summary>A grain holding sealed secrets that can re-seal them under the tenant's current data key.</summary>
[Alias("kagi.ISealedSecrets")]
public interface ISealedSecrets : IGrainWithStringKey
{
    /// <summary>Re-seals every secret not yet under the current data key; returns how many changed.</summary>
    [Alias("Reseal")]
    Task<int> ResealAsync(Caller caller);
}
