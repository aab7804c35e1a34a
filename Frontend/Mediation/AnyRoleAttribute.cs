namespace Kagi.Frontend.Mediation;

/// <summary>
/// Access: a session of the request's tenant, whatever its roles. The grain decides the rest (a user's
/// own credentials, requests they may see or decide). See <see cref="RequestAccess"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AnyRoleAttribute : Attribute
{
}
