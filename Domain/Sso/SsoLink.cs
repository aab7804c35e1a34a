namespace Kagi.Domain.Sso;

/// <summary>The identity-provider subject a Kagi user is bound to, set at their first single sign-on.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.SsoLink")]
public sealed record SsoLink([property: Id(0)] string ProviderId, [property: Id(1)] string Subject);
