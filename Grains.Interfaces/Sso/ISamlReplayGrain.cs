namespace Kagi.Sso;

/// <summary>
/// The tenant's memory of SAML assertion ids already used to sign in, so a captured response cannot be
/// posted again while it is still valid. Key: the tenant id. Only Kagi itself calls it (the ACS, after
/// the response was validated); it calls nothing.
/// </summary>
[Alias("kagi.ISamlReplayGrain")]
public interface ISamlReplayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Marks <paramref name="assertionId"/> used until <paramref name="notOnOrAfter"/> (the validated assertion's
    /// end) and answers whether this was its first use. Stored before answering, so a restart forgets nothing.
    /// </summary>
    [Alias("Use")]
    Task<SamlReplayOutcome> UseAsync(Caller caller, string assertionId, DateTimeOffset notOnOrAfter);
}

/// <summary>What the replay cache answered. Only <see cref="FirstUse"/> may sign anyone in.</summary>
[GenerateSerializer, Alias("kagi.SamlReplayOutcome")]
public enum SamlReplayOutcome
{
    FirstUse = 0,

    /// <summary>The id was used before and its assertion has not expired.</summary>
    Replayed = 1,

    /// <summary>The cache is full of unexpired ids; refusing is safer than forgetting one.</summary>
    CacheFull = 2,
}
