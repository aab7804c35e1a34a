namespace Kagi.Frontend.RateLimiting;

/// <summary>The costly kinds of request whose rate is limited per source address and per tenant.</summary>
public enum RateLimitedKind
{
    /// <summary>A sign-in: each one hashes a password (Argon2id) and counts against lockouts.</summary>
    SignIn,

    /// <summary>An audit export or verification, or a report: each one reads a tenant's whole log.</summary>
    Export,
}

/// <summary>Endpoint metadata: the endpoint's requests count against the limits of <see cref="Kind"/>.</summary>
public sealed record RateLimitedEndpoint(RateLimitedKind Kind);
