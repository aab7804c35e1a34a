namespace Kagi.Audit;

/// <summary>The two logs of the white paper, kept in one chain and told apart by action.</summary>
public static class AuditKinds
{
    /// <summary>Sign-in attempts (<c>auth.*</c>).</summary>
    public const string Authentication = "authentication";

    /// <summary>Everything else.</summary>
    public const string Operation = "operation";

    public static string Of(string action) =>
        action is not null && action.StartsWith("auth.", StringComparison.Ordinal) ? Authentication : Operation;
}
