namespace Kagi;

/// <summary>The roles a tenant user can hold.</summary>
public static class KagiRoles
{
    public const string Admin = "admin";
    public const string Approver = "approver";
    public const string User = "user";
    public const string Auditor = "auditor";

    public static IReadOnlyList<string> All { get; } = [Admin, Approver, User, Auditor];
}
