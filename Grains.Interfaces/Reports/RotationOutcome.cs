using Kagi.Audit;

namespace Kagi.Reports;

/// <summary>
/// What one rotation attempt came to, read back from the record the account wrote of it (actor
/// <see cref="Caller.SystemName"/>, action <see cref="Action"/>). A user's "rotate now" is recorded
/// too, under the same action, but as a request: only Kagi's own records count attempts.
/// </summary>
public static class RotationOutcome
{
    public const string Action = "account.rotate";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string OutOfSync = "out-of-sync";

    /// <summary>How the detail of a failure that left the account out of sync begins.</summary>
    public const string OutOfSyncDetail = "out of sync: ";

    public static IReadOnlyList<string> All { get; } = [Completed, Failed, OutOfSync];

    /// <summary>The outcome the record tells, or null when it is not a rotation attempt.</summary>
    public static string? Of(ChangeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Action != Action || row.Actor != Caller.SystemName)
        {
            return null;
        }

        return row.Result switch
        {
            AuditResults.Success => Completed,
            AuditResults.Failure when row.Detail?.StartsWith(OutOfSyncDetail, StringComparison.Ordinal) == true => OutOfSync,
            AuditResults.Failure => Failed,
            _ => null,
        };
    }
}
