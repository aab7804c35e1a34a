namespace Kagi.Frontend.Mediation;

/// <summary>The tenant roles, any one of which lets a caller send this request.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowedRolesAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
}
