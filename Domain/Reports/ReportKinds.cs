namespace Kagi.Domain.Reports;

/// <summary>The reports Kagi can mail on a schedule; anything else is refused, never guessed at.</summary>
public static class ReportKinds
{
    public const string AccountChanges = "account-changes";
    public const string UserChanges = "user-changes";
    public const string Usage = "usage";
    public const string Reconciliation = "reconciliation";

    public static bool IsKnown(string? kind) => kind is AccountChanges or UserChanges or Usage or Reconciliation;
}
