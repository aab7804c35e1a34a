namespace Kagi.Sso;

/// <summary>Members of the IdP group <see cref="IdpGroup"/> belong to the Kagi group <see cref="KagiGroup"/>.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SsoGroupMapping")]
public sealed record SsoGroupMapping([property: Id(0)] string IdpGroup, [property: Id(1)] string KagiGroup);
