namespace Kagi.Vault;

/// <summary>
/// Key <c>{tenant}</c>: paces the logins a tenant's people make Kagi try on targets (target registration, account
/// registration and import, host key re-pinning), so Kagi is no fast password oracle. Called by target grains only;
/// calls nothing.
/// </summary>
[Alias("kagi.IVerificationPacingGrain")]
public interface IVerificationPacingGrain : IGrainWithStringKey
{
    /// <summary>Takes one try; over the limit it throws <c>verification-paced</c> (429) with the time until the next.</summary>
    [Alias("Take")]
    Task TakeAsync(Caller caller);

    /// <summary>Gives back a try that logged in: only failed tries are paced.</summary>
    [Alias("Refund")]
    Task RefundAsync(Caller caller);
}
