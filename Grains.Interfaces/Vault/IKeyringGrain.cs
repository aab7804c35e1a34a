namespace Kagi.Vault;

/// <summary>The operator's handle on the key-encryption keys shared by all tenants. Key: 0.</summary>
[Alias("kagi.IKeyringGrain")]
public interface IKeyringGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a new KEK version and re-wraps every tenant's data keys with it. Returns the new KEK id.</summary>
    [Alias("RotateKek")]
    Task<int> RotateKekAsync();
}
