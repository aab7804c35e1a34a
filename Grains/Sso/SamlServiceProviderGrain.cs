using Kagi.Domain.Sso.Saml;
using Orleans.Concurrency;

namespace Kagi.Sso;

/// <summary>The tenant's SAML SP (<see cref="SamlServiceProvider"/>); stateless, so any silo answers at once.</summary>
[StatelessWorker]
public sealed class SamlServiceProviderGrain : Grain, ISamlServiceProviderGrain
{
    public Task<string> MetadataAsync(Uri publicUrl) =>
        Task.FromResult(SamlServiceProvider.For(publicUrl, this.GetPrimaryKeyString()).Metadata());
}
