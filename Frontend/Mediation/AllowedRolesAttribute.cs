namespace Kagi.Frontend.Mediation;

/// <summary>Access: a session of the request's tenant holding any one of these roles. See <see cref="RequestAccess"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowedRolesAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
}
