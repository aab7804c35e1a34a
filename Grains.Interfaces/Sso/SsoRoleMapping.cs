namespace Kagi.Sso;

/// <summary>Members of the IdP group <see cref="Group"/> get the Kagi role <see cref="Role"/>.</summary>
[GenerateSerializer, Immutable, Alias("kagi.SsoRoleMapping")]
public sealed record SsoRoleMapping([property: Id(0)] string Group, [property: Id(1)] string Role);
