using System.Collections.Concurrent;
using System.Reflection;

namespace Kagi.Frontend.Mediation;

public enum RequestAccessKind
{
    Operator,
    Anonymous,
    Tenant,
}

/// <summary>
/// Who may send a request, as its type declares it: exactly one of <see cref="IOperatorRequest"/>,
/// <see cref="IAnonymousRequest"/>, or a tenant role set (<see cref="AllowedRolesAttribute"/> or
/// <see cref="AnyRoleAttribute"/> on an <see cref="ITenantRequest"/>). Forgetting to declare must not
/// mean "open to all": a type that declares none, or more than one, stops the Frontend at start-up,
/// and the authorization behavior refuses it.
/// </summary>
public sealed record RequestAccess(RequestAccessKind Kind, IReadOnlyList<string>? Roles)
{
    // Asked on every request (by the gate and the pipeline); a type's attributes never change.
    private static readonly ConcurrentDictionary<Type, RequestAccess?> Declared = new();

    /// <summary>The declared access, or null when the type declares none or more than one.</summary>
    public static RequestAccess? Of(Type requestType) => Declared.GetOrAdd(requestType, type => Classify(type).Access);

    /// <summary>One line for each MediatR request type in the assembly whose access is not declared exactly once.</summary>
    public static IReadOnlyList<string> ProblemsIn(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return ProblemsWith(assembly.GetTypes().Where(IsRequestType));
    }

    public static IReadOnlyList<string> ProblemsWith(IEnumerable<Type> requestTypes) =>
        [.. requestTypes.Select(type => Classify(type).Problem).OfType<string>().Order(StringComparer.Ordinal)];

    public static bool IsRequestType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }
            && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(MediatR.IRequest<>));
    }

    private static (RequestAccess? Access, string? Problem) Classify(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = $"request {type.FullName?.Replace('+', '.')}";
        var allowed = type.GetCustomAttribute<AllowedRolesAttribute>();
        var declared = new List<(string Name, RequestAccess Access)>();
        if (typeof(IOperatorRequest).IsAssignableFrom(type))
        {
            declared.Add(("operator", new(RequestAccessKind.Operator, null)));
        }

        if (typeof(IAnonymousRequest).IsAssignableFrom(type))
        {
            declared.Add(("anonymous", new(RequestAccessKind.Anonymous, null)));
        }

        if (allowed is not null)
        {
            declared.Add(("allowed roles", new(RequestAccessKind.Tenant, allowed.Roles)));
        }

        if (type.GetCustomAttribute<AnyRoleAttribute>() is not null)
        {
            declared.Add(("any role", new(RequestAccessKind.Tenant, null)));
        }

        return declared switch
        {
            [] => (null, $"{name} declares no access: mark it IOperatorRequest, IAnonymousRequest, [AllowedRoles(…)] or [AnyRole]."),
            [_, _, ..] => (null, $"{name} declares more than one access ({string.Join(", ", declared.Select(d => d.Name))}): keep one."),
            [{ Access.Kind: RequestAccessKind.Tenant }] when !typeof(ITenantRequest).IsAssignableFrom(type) =>
                (null, $"{name} declares tenant roles but is not an ITenantRequest, so it names no tenant to check."),
            [{ Access.Roles: { } roles }] when roles.Count == 0 || roles.Any(role => !KagiRoles.All.Contains(role)) =>
                (null, $"{name} must name one or more of the roles {string.Join(", ", KagiRoles.All)} in [AllowedRoles(…)]."),
            [var only] => (only.Access, null),
        };
    }
}
